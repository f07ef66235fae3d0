// Replicas as real processes on one PostgreSQL database: a token from A works on B, writes
// through both are one sandbox, `kill -9` of a replica loses nothing it acknowledged, and a
// database that cannot be reached at start stops the process with exit 2 and one line.
import { spawn } from 'node:child_process'
import { createServer, type AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { request } from '../http-helpers.js'
import { exited, freshDatabase, startReplica } from './pg-helpers.js'

// Replica processes start from the TypeScript sources: longer than one file's default budget on a busy machine.
t.setTimeout(600_000)

const SIMPRO = '/api/v1.0/companies/0/setup/customerProfiles/'
const TOKENS = ['simpro-sandbox-token', 'simpro-sandbox-token-2']
const CITI_BASIC = `Basic ${Buffer.from('citi-sandbox-client:citi-sandbox-secret').toString('base64')}`

async function listed (url: string, token: string): Promise<Map<number, string>> {
  const out = new Map<number, string>()
  for (let page = 1; ; page++) {
    const res = await request(url, 'GET', `${SIMPRO}?pageSize=250&page=${page}`, { headers: { authorization: `Bearer ${token}` } })
    if (res.status !== 200) throw new Error(`list answered ${res.status}: ${res.text}`)
    for (const r of res.body as Array<{ ID: number, Name: string }>) out.set(r.ID, r.Name)
    if (page >= Number(res.headers.get('result-pages'))) return out
  }
}

t.test('two replica processes: tokens, writes and kill -9 under write load', async (t) => {
  const { url: store } = await freshDatabase(t)
  const [a, b] = await Promise.all([startReplica(t, store), startReplica(t, store)])

  const issued = await request(a.url, 'POST', '/clientCredentials/oauth2/token/au/gcb', { headers: { authorization: CITI_BASIC }, form: { grant_type: 'client_credentials', scope: '/api' } })
  t.equal(issued.status, 200)
  const token = (issued.body as { access_token: string }).access_token
  const onB = await request(b.url, 'GET', '/v1/customers/profiles', { headers: { authorization: `Bearer ${token}`, client_id: 'citi-sandbox-client', uuid: crypto.randomUUID(), accept: 'application/json' } })
  t.equal(onB.status, 200, 'a token issued by process A works on process B at once')
  t.match(onB.body, { customerParticulars: { names: [{ firstName: String }] } })

  const health = await request(b.url, 'GET', '/__sandbox/health')
  const healthA = await request(a.url, 'GET', '/__sandbox/health')
  t.match(health.body, { status: 'ok', engine: 'postgres', replica: String })
  t.not((health.body as { replica: string }).replica, (healthA.body as { replica: string }).replica, 'each replica has its own id')

  // 16 clients write through A and B until A is killed under them.
  const acknowledged: Array<{ token: string, id: number, name: string }> = []
  let killed = false
  let n = 0
  const client = async (c: number): Promise<void> => {
    const target = c % 2 === 0 ? a : b
    while (!killed) {
      const i = n++
      const tokenOf = TOKENS[c % 2]!
      const name = `write ${i}`
      try {
        const res = await request(target.url, 'POST', SIMPRO, { headers: { authorization: `Bearer ${tokenOf}` }, body: { Name: name } })
        if (res.status === 201) acknowledged.push({ token: tokenOf, id: (res.body as { ID: number }).ID, name })
        else t.fail(`unexpected ${res.status}: ${res.text}`)
      } catch {
        // The connection broke: A was killed; this write was never acknowledged.
      }
    }
  }
  const clients = Array.from({ length: 16 }, (_, c) => client(c))
  await new Promise((resolve) => setTimeout(resolve, 3000))
  a.process.kill('SIGKILL')
  killed = true
  await exited(a.process)
  await Promise.all(clients)
  t.ok(acknowledged.length > 20, `${acknowledged.length} writes acknowledged through A and B`)
  for (const tokenOf of TOKENS) {
    const names = await listed(b.url, tokenOf)
    const mine = acknowledged.filter((w) => w.token === tokenOf)
    t.same(mine.filter((w) => names.get(w.id) !== w.name), [], `every acknowledged write of ${tokenOf} is on B after A's kill -9 (${mine.length})`)
    t.equal(new Set(mine.map((w) => w.id)).size, mine.length, 'no id given twice')
  }
  const again = await startReplica(t, store)
  const names = await listed(again.url, TOKENS[0]!)
  t.ok(acknowledged.filter((w) => w.token === TOKENS[0]).every((w) => names.get(w.id) === w.name), 'and on a replica started afresh')
})

t.test('PostgreSQL unreachable at start: exit 2, one line with host, port and database, never the password', async (t) => {
  const closed = createServer()
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
  const port = (closed.address() as AddressInfo).port
  await new Promise((resolve) => closed.close(resolve))
  const main = fileURLToPath(new URL('../../src/main.ts', import.meta.url))
  const child = spawn(process.execPath, [...process.execArgv, main, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: `postgres://sandbox:hunter2secret@127.0.0.1:${port}/sandbox` } })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  t.equal(await exited(child), 2)
  t.match(stderr, new RegExp(`^profile-sandbox: PostgreSQL at 127\\.0\\.0\\.1:${port}/sandbox cannot be reached \\([^\\n]*ECONNREFUSED[^\\n]*\\)\\n$`), 'DATABASE_URL is honoured; one line')
  t.notOk(stderr.includes('hunter2secret'), 'the password is never shown')
})
