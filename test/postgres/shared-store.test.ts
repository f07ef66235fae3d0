// The PostgreSQL engine with two sandboxes in one process (two pools, two caches: replicas in all
// but the process): every guarantee of the shared store, with real concurrent HTTP clients.
import { createServer, connect, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { buildServer } from '../../src/server.js'
import { postgresEngine } from '../../src/store/postgres/engine.js'
import { ApiStore } from '../../src/store/store.js'
import { pool, serve, type Served } from '../http-helpers.js'
import { admin, freshDatabase, serverUrl, terminateConnections } from './pg-helpers.js'

const SIMPRO = '/api/v1.0/companies/0/setup/customerProfiles/'
const TOKEN_1 = { authorization: 'Bearer simpro-sandbox-token' }
const TOKEN_2 = { authorization: 'Bearer simpro-sandbox-token-2' }
const CITI_TOKEN = '/clientCredentials/oauth2/token/au/gcb'
const CITI_BASIC = `Basic ${Buffer.from('citi-sandbox-client:citi-sandbox-secret').toString('base64')}`

async function replicas (t: Test, n = 2, url?: string): Promise<Served[]> {
  const store = url ?? (await freshDatabase(t)).url
  const out: Served[] = []
  for (let i = 0; i < n; i++) out.push(await serve(t, { store, adminToken: 'test-admin-token' }))
  return out
}

async function names (s: Served, headers: Record<string, string>): Promise<Map<number, string>> {
  const out = new Map<number, string>()
  for (let page = 1; ; page++) {
    const res = await s.call('GET', `${SIMPRO}?pageSize=250&page=${page}`, { headers })
    if (res.status !== 200) throw new Error(`list answered ${res.status}: ${res.text}`)
    for (const r of res.body as Array<{ ID: number, Name: string }>) out.set(r.ID, r.Name)
    if (page >= Number(res.headers.get('result-pages'))) return out
  }
}

async function citiToken (s: Served): Promise<string> {
  const res = await s.call('POST', CITI_TOKEN, { headers: { authorization: CITI_BASIC }, form: { grant_type: 'client_credentials', scope: '/api' } })
  if (res.status !== 200) throw new Error(`token answered ${res.status}: ${res.text}`)
  return (res.body as { access_token: string }).access_token
}

const citiHeaders = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}`, client_id: 'citi-sandbox-client', uuid: crypto.randomUUID(), accept: 'application/json' })

t.test('a write acknowledged by A is read on B at once (read-your-writes, 16 clients, 200 writes)', async (t) => {
  const [a, b] = await replicas(t)
  const misses: string[] = []
  await pool(200, 16, async (i) => {
    const [writer, reader] = i % 2 === 0 ? [a!, b!] : [b!, a!]
    const created = await writer.call('POST', SIMPRO, { headers: TOKEN_1, body: { Name: `ryw ${i}` } })
    if (created.status !== 201) { misses.push(`create ${i}: ${created.status} ${created.text}`); return }
    const id = (created.body as { ID: number }).ID
    const read = await reader.call('GET', `${SIMPRO}${id}`, { headers: TOKEN_1 })
    if (read.status !== 200 || (read.body as { Name: string }).Name !== `ryw ${i}`) misses.push(`read ${id}: ${read.status} ${read.text}`)
  })
  t.same(misses, [], 'every acknowledged write is read back through the other replica')
})

t.test('ids stay unique when clients create through A and B at once; every record is kept', async (t) => {
  const [a, b, c] = await replicas(t, 3)
  const servers = [a!, b!, c!]
  const created = await pool(300, 30, async (i) => {
    const res = await servers[i % 3]!.call('POST', SIMPRO, { headers: i % 5 === 0 ? TOKEN_2 : TOKEN_1, body: { Name: `unique ${i}` } })
    return { i, status: res.status, id: (res.body as { ID: number }).ID, tenant: i % 5 === 0 ? 2 : 1 }
  })
  t.same(created.filter((r) => r.status !== 201), [], 'every create answered 201')
  for (const tenant of [1, 2]) {
    const ids = created.filter((r) => r.tenant === tenant).map((r) => r.id)
    t.equal(new Set(ids).size, ids.length, `tenant ${tenant}: no id given twice (${ids.length} creates)`)
    const listed = await names(servers[tenant]!, tenant === 1 ? TOKEN_1 : TOKEN_2)
    const lost = created.filter((r) => r.tenant === tenant && listed.get(r.id) !== `unique ${r.i}`)
    t.same(lost, [], `tenant ${tenant}: every acknowledged record is listed on another replica`)
  }
})

t.test('concurrent read-then-write transactions through two engines never lose an update', async (t) => {
  const { url } = await freshDatabase(t)
  const engines = await Promise.all([postgresEngine({ url, poolSize: 8 }), postgresEngine({ url, poolSize: 8 })])
  t.teardown(() => Promise.all(engines.map((e) => e.close())))
  const stores = engines.map((e) => new ApiStore(new Map(), e))
  await pool(200, 40, async (i) => {
    const data = await stores[i % 2]!.tenant('x:one')
    await data.transact((tx) => {
      const seen = (tx.get('c', 'n') as { n: number } | undefined)?.n ?? 0
      tx.put('c', 'n', { n: seen + 1 })
      tx.put('c', `id-${tx.allocate('ids', 1)}`, { i })
    })
  })
  for (const store of stores) {
    const data = await store.tenant('x:one')
    t.same(data.get('c', 'n'), { n: 200 }, 'the counter saw each of 200 increments')
    t.equal(data.list('c').length, 201, 'and 200 distinct allocated ids')
  }
  const failed = await stores[0]!.tenant('x:one').then((d) => d.transact(() => { throw new Error('refused') })).catch((err: Error) => err.message)
  t.equal(failed, 'refused', 'a transaction that throws rejects with its error')
  t.same((await stores[1]!.tenant('x:one')).get('c', 'n'), { n: 200 }, 'and keeps nothing')
})

t.test('a reset through A is seen on B; writes after it are kept; the other tenant is untouched', async (t) => {
  const [a, b] = await replicas(t)
  const before = await a!.call('POST', SIMPRO, { headers: TOKEN_1, body: { Name: 'before reset' } })
  const other = await a!.call('POST', SIMPRO, { headers: TOKEN_2, body: { Name: 'other tenant' } })
  t.same([before.status, other.status], [201, 201])
  t.equal((await b!.call('GET', `${SIMPRO}${(before.body as { ID: number }).ID}`, { headers: TOKEN_1 })).status, 200, 'B has read it (and caches it)')
  const reset = await a!.call('POST', '/__sandbox/reset?api=simpro', { headers: TOKEN_1 })
  t.equal(reset.status, 200)
  t.same(reset.body, { reset: ['simpro:simpro-demo'] })
  const gone = await b!.call('GET', `${SIMPRO}${(before.body as { ID: number }).ID}`, { headers: TOKEN_1 })
  t.equal(gone.status, 404, 'B no longer has the record written before the reset')
  t.notOk([...(await names(b!, TOKEN_1)).values()].includes('before reset'))
  t.ok([...(await names(b!, TOKEN_2)).values()].includes('other tenant'), 'the other tenant keeps its record')
  const after = await b!.call('POST', SIMPRO, { headers: TOKEN_1, body: { Name: 'after reset' } })
  t.equal(after.status, 201)
  t.ok([...(await names(a!, TOKEN_1)).values()].includes('after reset'), 'a write after the reset is kept and seen on A')
  const all = await b!.call('POST', '/__sandbox/reset', { headers: { 'x-sandbox-admin-token': 'test-admin-token' }, body: { all: true } })
  t.same([all.status, all.body], [200, { reset: 'all' }])
  t.notOk([...(await names(a!, TOKEN_2)).values()].includes('other tenant'), 'resetting everything through B is seen on A')
})

t.test('tenant isolation: one tenant\'s writes are not another\'s, on any replica', async (t) => {
  const [a, b] = await replicas(t)
  const mine = await a!.call('POST', SIMPRO, { headers: TOKEN_1, body: { Name: 'only tenant one' } })
  t.equal(mine.status, 201)
  const id = (mine.body as { ID: number }).ID
  const theirs = await b!.call('GET', `${SIMPRO}${id}`, { headers: TOKEN_2 })
  t.equal(theirs.status, 404, 'tenant two does not see it through B')
  t.match(theirs.body, { errors: [{ message: /not found/ }] })
  t.notOk([...(await names(b!, TOKEN_2)).values()].includes('only tenant one'))
  const del = await b!.call('DELETE', `${SIMPRO}${id}`, { headers: TOKEN_2 })
  t.equal(del.status, 404, 'tenant two cannot delete it')
  t.equal((await a!.call('GET', `${SIMPRO}${id}`, { headers: TOKEN_1 })).status, 200, 'tenant one still has it')
})

t.test('a token issued by A works on B at once; revoked through B it stops working on A', async (t) => {
  const [a, b] = await replicas(t)
  const token = await citiToken(a!)
  const onB = await b!.call('GET', '/v1/customers/profiles', { headers: citiHeaders(token) })
  t.equal(onB.status, 200, `B accepts A's token: ${onB.text.slice(0, 120)}`)
  t.match(onB.body, { customerParticulars: { names: [{ firstName: String }] } })
  const revoked = await b!.call('POST', '/authCode/oauth2/revoke', { headers: { authorization: CITI_BASIC }, form: { token } })
  t.equal(revoked.status, 200)
  const onA = await a!.call('GET', '/v1/customers/profiles', { headers: citiHeaders(token) })
  t.equal(onA.status, 401, 'A refuses the token revoked through B')
  t.match(onA.body, { code: String })
  const unknown = await b!.call('GET', '/v1/customers/profiles', { headers: citiHeaders('no-such-token') })
  t.equal(unknown.status, 401)
})

t.test('the journal is shared: a count on B includes every request A answered before it was asked', async (t) => {
  const [a, b] = await replicas(t)
  const admin = { 'x-sandbox-admin-token': 'test-admin-token' }
  const count = async (s: Served): Promise<number> => {
    const res = await s.call('POST', '/__sandbox/requests/count', { headers: admin, body: { tenant: 'simpro:simpro-demo' } })
    if (res.status !== 200) throw new Error(`count answered ${res.status}: ${res.text}`)
    return (res.body as { count: number }).count
  }
  let answered = 0
  const short: string[] = []
  await pool(60, 12, async (i) => {
    const res = await a!.call('GET', `${SIMPRO}?page=1&n=${i}`, { headers: TOKEN_1 })
    if (res.status !== 200) { short.push(`request ${i}: ${res.status}`); return }
    const before = ++answered
    const seen = await count(b!)
    if (seen < before) short.push(`after ${before} answers B counted ${seen}`)
  })
  t.same(short, [], 'every count on B included every answer A had given before it was asked')
  t.equal(await count(b!), 60)
  const listedOnB = await b!.call('GET', '/__sandbox/requests?tenant=simpro:simpro-demo', { headers: admin })
  t.equal(listedOnB.status, 200)
  t.match(listedOnB.body, { capacity: 1000, count: 60, requests: [{ seq: Number, time: String, method: 'GET', api: 'simpro', status: 200, tenant: 'simpro:simpro-demo' }] })
  const removed = await b!.call('DELETE', '/__sandbox/requests?tenant=simpro:simpro-demo', { headers: admin })
  t.same([removed.status, removed.body], [200, { removed: 60 }])
  t.equal(await count(a!), 0, 'removed through B, gone on A')
})

t.test('replicas starting at once on an empty database migrate it once (the migration race)', async (t) => {
  const { url, name } = await freshDatabase(t)
  const engines = await Promise.all(Array.from({ length: 6 }, () => postgresEngine({ url, poolSize: 4 })))
  t.teardown(() => Promise.all(engines.map((e) => e.close())))
  const db = await admin(`SELECT count(*)::int AS n FROM pg_database WHERE datname = '${name}'`)
  t.equal((db.rows[0] as { n: number }).n, 1)
  const steps = new (await import('pg')).default.Client({ connectionString: url })
  await steps.connect()
  t.teardown(() => steps.end())
  t.same((await steps.query('SELECT step FROM sandbox_schema ORDER BY step')).rows, [{ step: 1 }, { step: 2 }, { step: 3 }], 'each step recorded once')
  const journal = await steps.query("SELECT relpersistence FROM pg_class WHERE relname = 'sandbox_journal'")
  t.same(journal.rows, [{ relpersistence: 'u' }], 'the journal is an unlogged table (step 3)')
  const again = await postgresEngine({ url, poolSize: 4 })
  await again.close()
  t.same((await steps.query('SELECT count(*)::int AS n FROM sandbox_schema')).rows, [{ n: 3 }], 'a later start changes nothing')
})

t.test('PostgreSQL unreachable at start: a one-line reason naming host, port and database, never the password', async (t) => {
  const closed = createServer()
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
  const port = (closed.address() as AddressInfo).port
  await new Promise((resolve) => closed.close(resolve))
  const err = await buildServer({ logLevel: 'silent', store: `postgres://postgres:secretpw@127.0.0.1:${port}/nowhere` }).then(() => undefined, (e: Error) => e)
  t.equal(err?.name, 'OptionsError', 'a configuration error: main exits 2')
  t.match(err?.message, new RegExp(`^PostgreSQL at 127\\.0\\.0\\.1:${port}/nowhere cannot be reached \\(.*ECONNREFUSED.*\\)$`))
  t.notOk(err?.message.includes('secretpw'), 'the password is not in the message')
  t.notOk(err?.message.includes('\n'), 'one line')
})

/** A TCP proxy to the server that the test can cut and restore (the database "stops" and "comes back"). */
async function proxy (t: Test): Promise<{ port: number, cut: () => Promise<void>, restore: () => Promise<void> }> {
  const sockets = new Set<Socket>()
  let server: Server | undefined
  let port = 0
  const open = (): Promise<void> => new Promise((resolve) => {
    server = createServer((client) => {
      const upstream = connect(5432, '127.0.0.1')
      sockets.add(client).add(upstream)
      client.pipe(upstream).pipe(client)
      const drop = (): void => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream) }
      client.on('error', drop).on('close', drop)
      upstream.on('error', drop).on('close', drop)
    })
    server.listen(port, '127.0.0.1', () => { port = (server!.address() as AddressInfo).port; resolve() })
  })
  const cut = async (): Promise<void> => {
    await new Promise((resolve) => { server!.close(resolve); for (const s of sockets) s.destroy() })
  }
  await open()
  t.teardown(cut)
  return { port, cut, restore: open }
}

t.test('the database lost mid-run: 503 in the API\'s envelope, health degraded; back by itself when it returns', async (t) => {
  const { name } = await freshDatabase(t)
  const link = await proxy(t)
  const s = await serve(t, { store: serverUrl(name, String(link.port)) })
  const kept = await s.call('POST', SIMPRO, { headers: TOKEN_1, body: { Name: 'kept before the loss' } })
  t.equal(kept.status, 201)
  const healthy = await s.call('GET', '/__sandbox/health')
  t.match(healthy.body, { status: 'ok', engine: 'postgres', replica: String })
  await link.cut()
  const read = await s.call('GET', SIMPRO, { headers: TOKEN_1 })
  t.equal(read.status, 503, 'a read answers 503')
  t.match(read.body, { errors: [{ message: /^the shared store \(PostgreSQL\) cannot be used just now.*; nothing was kept, try again$/ }] })
  const write = await s.call('POST', SIMPRO, { headers: TOKEN_1, body: { Name: 'not kept' } })
  t.equal(write.status, 503, 'a write answers 503')
  t.match(write.body, { errors: [{ message: /cannot be used just now/ }] })
  const degraded = await s.call('GET', '/__sandbox/health')
  t.equal(degraded.status, 200)
  t.match(degraded.body, { status: 'degraded', engine: 'postgres', replica: String, reason: new RegExp(`^PostgreSQL at 127\\.0\\.0\\.1:${link.port}/${name} cannot be used`) })
  await link.restore()
  let back = await s.call('GET', '/__sandbox/health')
  for (let i = 0; i < 20 && (back.body as { status: string }).status !== 'ok'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250))
    back = await s.call('GET', '/__sandbox/health')
  }
  t.match(back.body, { status: 'ok' }, 'health is ok again')
  const listed = [...(await names(s, TOKEN_1)).values()]
  t.ok(listed.includes('kept before the loss'), 'what was acknowledged before is there')
  t.notOk(listed.includes('not kept'), 'what was refused was not kept')
  const retry = await s.call('POST', SIMPRO, { headers: TOKEN_1, body: { Name: 'not kept' } })
  t.equal(retry.status, 201, 'a retry succeeds')
})

t.test('connections ended by the server (a restart) are replaced: the next calls succeed', async (t) => {
  const { name, url } = await freshDatabase(t)
  const s = await serve(t, { store: url })
  t.equal((await s.call('POST', SIMPRO, { headers: TOKEN_1, body: { Name: 'one' } })).status, 201)
  t.ok(await terminateConnections(name) > 0, 'the pool\'s connections were ended')
  let answer = await s.call('GET', SIMPRO, { headers: TOKEN_1 })
  // The first call may meet a connection that is already gone (503); the pool replaces it.
  if (answer.status === 503) answer = await s.call('GET', SIMPRO, { headers: TOKEN_1 })
  t.equal(answer.status, 200)
  t.equal((await s.call('POST', SIMPRO, { headers: TOKEN_1, body: { Name: 'two' } })).status, 201)
  t.ok([...(await names(s, TOKEN_1)).values()].includes('two'))
})

