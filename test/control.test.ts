import t from 'tap'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultOptions } from '../src/server.js'
import { loadSpecs } from '../src/spec/load.js'
import { WM_HEADERS, basic, sandbox } from './helpers.js'

const ADMIN = { 'x-sandbox-admin-token': 'test-admin-token' }
const PROFILES = '/api/v1/customers/104127993008/profiles'
const TICKETS = '/api/v1/customers/156714543005/tickets'
const TICKET = { reason_code: 'RES', service: { id: 1, code: '6FL' } }
const OTHER = { ...WM_HEADERS, authorization: basic('ocsuser2', 'ocsuser2') }
const IMI = { key: 'imi-sandbox-key' }
// Every API the bundled specs define, in spec file order (the messages list them so); more may come.
const API_IDS = (await loadSpecs(defaultOptions.specsDir)).map((spec) => spec.doc['x-sandbox']?.id).join(', ')

t.test('a tenant reads its own requests from the journal, newest last', async (t) => {
  const s = await sandbox(t, { adminToken: 'test-admin-token' })
  await s.inject({ url: PROFILES, headers: WM_HEADERS })
  await s.inject({ method: 'POST', url: TICKETS, headers: WM_HEADERS, payload: { ...TICKET, password: 'hunter2' } })
  await s.inject({ url: PROFILES, headers: OTHER })
  await s.inject({ url: '/resources/v1/customerprofile/4545', headers: IMI })
  const res = await s.app.inject({ url: '/__sandbox/requests?api=wm', headers: WM_HEADERS })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.count, 2)
  t.match(body.requests, [
    { method: 'GET', path: PROFILES, api: 'wm', operation: 'getCustomerProfiles', status: 200, tenant: 'wm:ocsuser', body: null },
    { method: 'POST', path: TICKETS, api: 'wm', operation: 'createTicket', status: 400, tenant: 'wm:ocsuser', body: { ...TICKET, password: '[redacted]' } },
  ])
  t.type(body.requests[0].durationMs, 'number')
  t.ok(body.requests[0].seq < body.requests[1].seq)
})

t.test('the journal filters by operation, status, method and time', async (t) => {
  const s = await sandbox(t)
  const start = new Date().toISOString()
  await s.inject({ url: PROFILES, headers: WM_HEADERS })
  await s.inject({ url: '/api/v1/customers/999/profiles', headers: WM_HEADERS })
  await s.inject({ method: 'POST', url: TICKETS, headers: WM_HEADERS, payload: TICKET })
  const q = async (query: string) => (await s.app.inject({ url: `/__sandbox/requests?api=wm&${query}`, headers: WM_HEADERS })).json().count
  t.equal(await q('status=404'), 1)
  t.equal(await q('operation=getCustomerProfiles'), 2)
  t.equal(await q('method=post'), 1)
  t.equal(await q(`since=${encodeURIComponent(start)}`), 3)
  t.equal(await q('since=2999-01-01T00:00:00Z'), 0)
  const bad = await s.app.inject({ url: '/__sandbox/requests?api=wm&status=teapot', headers: WM_HEADERS })
  t.equal(bad.statusCode, 400)
  t.same(bad.json(), { problem: 'invalid-parameter', title: 'Bad Request', message: "query parameter 'status' must be integer" })
})

t.test('one tenant never sees another\'s requests; the admin sees all', async (t) => {
  const s = await sandbox(t, { adminToken: 'test-admin-token' })
  await s.inject({ url: PROFILES, headers: WM_HEADERS })
  await s.inject({ url: '/resources/v1/customerprofile/4545', headers: IMI })
  t.equal((await s.app.inject({ url: '/__sandbox/requests?api=wm', headers: OTHER })).json().count, 0)
  t.equal((await s.app.inject({ url: '/__sandbox/requests?api=imiconnect', headers: IMI })).json().count, 1)
  const all = (await s.app.inject({ url: '/__sandbox/requests', headers: ADMIN })).json()
  t.same(all.requests.map((r: { tenant: string }) => r.tenant), ['wm:ocsuser', 'imiconnect:imi-demo'])
  t.equal((await s.app.inject({ url: '/__sandbox/requests?tenant=imiconnect:imi-demo', headers: ADMIN })).json().count, 1)
})

const refusals: Array<[string, string, Record<string, string>, number, unknown, string?]> = [
  ['without api or admin token', '/__sandbox/requests', {}, 400, { problem: 'missing-parameter', title: 'Bad Request', message: `query parameter 'api' is required (one of: ${API_IDS}), with that API's credentials; or send X-Sandbox-Admin-Token` }],
  ['for an unknown api', '/__sandbox/requests?api=acme', {}, 400, { problem: 'invalid-parameter', title: 'Bad Request', message: `query parameter 'api' must be one of: ${API_IDS}` }],
  ['with the API\'s credentials missing', '/__sandbox/requests?api=wm', {}, 401, { problem: 'missing-credentials', title: 'Unauthorized', message: "header 'Authorization' is required" }],
  ['with a wrong admin token', '/__sandbox/requests', { 'x-sandbox-admin-token': 'guess-guess' }, 401, { problem: 'bad-credentials', title: 'Unauthorized', message: 'X-Sandbox-Admin-Token is not the admin token' }],
  ['with an admin token where none is configured', '/__sandbox/requests', ADMIN, 403, { problem: 'forbidden', title: 'Forbidden', message: 'no admin token is configured on this sandbox (--admin-token)' }, 'none'],
]
for (const [name, url, headers, status, body, admin] of refusals) {
  t.test(`the journal refuses a caller ${name}`, async (t) => {
    const s = await sandbox(t, admin === 'none' ? {} : { adminToken: 'test-admin-token' })
    const res = await s.app.inject({ url, headers })
    t.equal(res.statusCode, status)
    t.same(res.json(), body)
  })
}

t.test('DELETE clears the caller\'s own entries, and count answers how many matched', async (t) => {
  const s = await sandbox(t, { adminToken: 'test-admin-token' })
  await s.inject({ url: PROFILES, headers: WM_HEADERS })
  await s.inject({ url: PROFILES, headers: WM_HEADERS })
  await s.inject({ url: PROFILES, headers: OTHER })
  const count = await s.app.inject({ method: 'POST', url: '/__sandbox/requests/count?api=wm', headers: WM_HEADERS, payload: { method: 'GET', path: PROFILES, status: 200 } })
  t.same(count.json(), { count: 2 })
  t.same((await s.app.inject({ method: 'DELETE', url: '/__sandbox/requests?api=wm', headers: WM_HEADERS })).json(), { removed: 2 })
  t.equal((await s.app.inject({ url: '/__sandbox/requests?api=wm', headers: WM_HEADERS })).json().count, 0)
  t.equal((await s.app.inject({ url: '/__sandbox/requests?api=wm', headers: OTHER })).json().count, 1, 'the other tenant keeps its entries')
  const wrong = await s.app.inject({ method: 'POST', url: '/__sandbox/requests/count?api=wm', headers: WM_HEADERS, payload: { verb: 'GET' } })
  t.equal(wrong.statusCode, 400)
  t.same(wrong.json(), { problem: 'invalid-body', title: 'Bad Request', message: "body field '/verb' is not a known field" })
})

t.test('the journal keeps only the last N requests', async (t) => {
  const s = await sandbox(t, { journalSize: 3 })
  for (const id of ['1', '2', '3', '4', '5']) await s.inject({ url: `/api/v1/customers/${id}/profiles`, headers: WM_HEADERS })
  const paths = (await s.app.inject({ url: '/__sandbox/requests?api=wm', headers: WM_HEADERS })).json().requests.map((r: { path: string }) => r.path)
  t.same(paths, ['/api/v1/customers/3/profiles', '/api/v1/customers/4/profiles', '/api/v1/customers/5/profiles'])
})

t.test('reset drops the caller\'s changes only', async (t) => {
  const s = await sandbox(t)
  await s.inject({ method: 'POST', url: TICKETS, headers: WM_HEADERS, payload: TICKET })
  await s.inject({ method: 'POST', url: TICKETS, headers: OTHER, payload: TICKET })
  const res = await s.app.inject({ method: 'POST', url: '/__sandbox/reset?api=wm', headers: WM_HEADERS })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { reset: ['wm:ocsuser'] })
  t.same((await s.inject({ method: 'POST', url: TICKETS, headers: WM_HEADERS, payload: TICKET })).json(), { status: 'SUCCESS', transaction_id: '456' })
  t.same((await s.inject({ method: 'POST', url: TICKETS, headers: OTHER, payload: TICKET })).json(), { status: 'SUCCESS', transaction_id: '457' })
})

/** The tenants' log files in a data folder (beside them: the folder's owner lock). */
const tenantFiles = async (dir: string): Promise<string[]> => (await readdir(dir)).filter((name) => name.endsWith('.jsonl'))

t.test('the admin resets one tenant, or every tenant and its files', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-reset-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const s = await sandbox(t, { adminToken: 'test-admin-token', inMemory: false, dataDir: dir })
  await s.inject({ method: 'POST', url: TICKETS, headers: WM_HEADERS, payload: TICKET })
  await s.inject({ method: 'POST', url: TICKETS, headers: OTHER, payload: TICKET })
  t.equal((await tenantFiles(dir)).length, 2)
  const one = await s.app.inject({ method: 'POST', url: '/__sandbox/reset', headers: ADMIN, payload: { tenant: 'wm:ocsuser2' } })
  t.same(one.json(), { reset: ['wm:ocsuser2'] })
  t.equal((await tenantFiles(dir)).length, 1)
  t.same((await s.inject({ method: 'POST', url: TICKETS, headers: WM_HEADERS, payload: TICKET })).json().transaction_id, '457')
  const all = await s.app.inject({ method: 'POST', url: '/__sandbox/reset', headers: ADMIN, payload: { all: true } })
  t.same(all.json(), { reset: 'all' })
  t.same(await tenantFiles(dir), [])
  t.same((await s.inject({ method: 'POST', url: TICKETS, headers: WM_HEADERS, payload: TICKET })).json().transaction_id, '456')
  const neither = await s.app.inject({ method: 'POST', url: '/__sandbox/reset', headers: ADMIN })
  t.equal(neither.statusCode, 400)
  t.same(neither.json(), { problem: 'invalid-body', title: 'Bad Request', message: "body field '/tenant' (\"<api>:<tenant>\") or '/all' (true) is required with the admin token" })
})

t.test('GET /__sandbox/scenarios lists every magic value with its outcome', async (t) => {
  const s = await sandbox(t)
  const res = await s.app.inject({ url: '/__sandbox/scenarios' })
  t.equal(res.statusCode, 200)
  const scenarios = res.json().scenarios.filter((s: { api: string }) => s.api === 'imiconnect' || s.api === 'wm')
  t.match(scenarios, [
    { api: 'imiconnect', operationId: 'getCustomerProfile', method: 'GET', path: '/resources/v1/customerprofile/{customerid}', trigger: { in: 'path', name: 'customerid', value: '7006' }, outcome: { problem: 'server-error', status: 500 } },
    { api: 'imiconnect', operationId: 'getCustomerProfiles' },
    { api: 'wm', operationId: 'getCustomerProfiles', trigger: { in: 'path', name: 'customerId', value: '000000000500' }, outcome: { problem: 'server-error', status: 500, message: 'Source not configured' } },
    { api: 'wm', operationId: 'createTicket' },
  ])
})
