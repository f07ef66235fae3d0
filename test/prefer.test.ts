import t from 'tap'
import { WM_HEADERS, basic, sandbox } from './helpers.js'

const PROFILES = '/api/v1/customers/104127993008/profiles'
const TICKETS = '/api/v1/customers/156714543005/tickets'
const TICKET = { reason_code: 'RES', service: { id: 1, code: '6FL' } }
const IMI = { key: 'imi-sandbox-key' }
const SEED_PROFILE = { id: '104127993008^26984565|E', registered_code: 'R', logon_status: 'S', last_login_date: '2014-05-21T15:41:52.000-05:00' }

const wmError = (status: number, message: string, text: string) =>
  ({ error: { code: String(status), message, errors: [{ message: text }] }, request_tracking_id: '12345' })

const forced: Array<{ name: string, prefer: string, url?: string, headers?: Record<string, string>, status: number, body: unknown }> = [
  { name: 'code=404 answers WM\'s 404 envelope for a customer that exists', prefer: 'code=404', status: 404, body: wmError(404, 'Not Found', 'forced by Prefer: code=404') },
  { name: 'code=500 answers WM\'s service error', prefer: 'code=500', status: 500, body: wmError(500, 'Service Error', 'forced by Prefer: code=500') },
  { name: 'code=401 can be forced with valid credentials', prefer: 'code=401', status: 401, body: wmError(401, 'Unauthorized', 'forced by Prefer: code=401') },
  { name: 'code=400 answers WM\'s 400 envelope', prefer: 'code=400', status: 400, body: wmError(400, 'Bad Request', 'forced by Prefer: code=400') },
  { name: 'code=418 is refused as undocumented, listing the documented statuses', prefer: 'code=418', status: 400, body: wmError(400, 'Bad Request', 'Prefer code=418 is not documented for getCustomerProfiles; documented: 200, 400, 401, 404, 500') },
  { name: 'an unknown example name is refused, listing the documented ones', prefer: 'example=nope', status: 400, body: wmError(400, 'Bad Request', 'Prefer example=nope is not documented for getCustomerProfiles 200; documented: seed') },
  { name: 'an unknown preference is refused', prefer: 'colour=red', status: 400, body: wmError(400, 'Bad Request', 'Prefer "colour" is not a known preference; use code, example, dynamic, delay, fault') },
  { name: 'a malformed code is refused', prefer: 'code=four', status: 400, body: wmError(400, 'Bad Request', 'Prefer code must be an HTTP status (100-599), not "four"') },
  { name: 'a delay beyond the maximum is refused', prefer: 'delay=99999', status: 400, body: wmError(400, 'Bad Request', 'Prefer delay must be a whole number of milliseconds from 0 to 30000, not "99999"') },
  { name: 'an unknown fault is refused', prefer: 'fault=fire', status: 400, body: wmError(400, 'Bad Request', 'Prefer fault must be one of: reset, empty, malformed, not "fire"') },
  { name: 'Prefer never bypasses the credential check', prefer: 'code=200', headers: { authorization: basic('ocsuser', 'wrong') }, status: 401, body: wmError(401, 'Unauthorized', 'Authorization header does not hold a registered sandbox user and password') },
]

for (const c of forced) {
  t.test(`Prefer ${c.name}`, async (t) => {
    const s = await sandbox(t)
    const res = await s.inject({ url: c.url ?? PROFILES, headers: { ...WM_HEADERS, ...c.headers, prefer: c.prefer } })
    t.equal(res.statusCode, c.status)
    t.same(res.json(), c.body)
  })
}

t.test('Prefer code=200 answers the documented example, whatever the customer', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: '/api/v1/customers/000010000005008/profiles', headers: { ...WM_HEADERS, prefer: 'code=200' } })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { profiles: [SEED_PROFILE] })
  t.equal(res.json().profiles.length, 1)
})

t.test('Prefer example=<name> picks a named example, and its status', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ method: 'POST', url: TICKETS, headers: { ...WM_HEADERS, prefer: 'example=seed' }, payload: TICKET })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { status: 'SUCCESS', transaction_id: '456' })
  const real = await s.inject({ method: 'POST', url: TICKETS, headers: WM_HEADERS, payload: TICKET })
  t.same(real.json(), { status: 'SUCCESS', transaction_id: '456' }, 'a forced answer stores nothing')
})

t.test('Prefer dynamic=true generates a body from the schema', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: PROFILES, headers: { ...WM_HEADERS, prefer: 'dynamic=true' } })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.ok(Array.isArray(body.profiles))
  for (const p of body.profiles) t.same(Object.keys(p).sort(), ['auto_pay', 'auto_pay_owner', 'email', 'first_name', 'id', 'last_login_date', 'last_name', 'logon_status', 'paperless_invoice', 'registered_code'])
})

t.test('Prefer works in IMIconnect\'s dialect too', async (t) => {
  const s = await sandbox(t)
  const notFound = await s.inject({ url: '/resources/v1/customerprofile/4545', headers: { ...IMI, prefer: 'code=404' } })
  t.equal(notFound.statusCode, 404)
  t.match(notFound.json(), { Status: 1, code: '7203', Description: 'Customer not found: forced by Prefer: code=404' })
  const bad = await s.inject({ url: '/resources/v1/customerprofile/4545', headers: { ...IMI, prefer: 'code=4o4' } })
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { code: '7011', Description: 'Invalid attribute value: Prefer code must be an HTTP status (100-599), not "4o4"' })
  const example = await s.inject({ url: '/resources/v1/customerprofile', headers: { ...IMI, prefer: 'example=seed' }, query: { customerId: '1' } })
  t.equal(example.statusCode, 200)
  t.equal(example.json().transid, '236fe39b-78b0-4f94-bcda-270cdd01ab9a', 'the documented example, verbatim')
})

t.test('Prefer delay=<ms> delays the answer', async (t) => {
  const s = await sandbox(t)
  const start = performance.now()
  const res = await s.inject({ url: PROFILES, headers: { ...WM_HEADERS, prefer: 'delay=150' } })
  t.equal(res.statusCode, 200)
  t.ok(performance.now() - start >= 145, 'took at least the delay')
  t.match(res.json(), { profiles: [SEED_PROFILE] }, 'and answers as usual')
})

t.test('configured latency delays every answer; a per-operation setting wins; Prefer delay wins over both', async (t) => {
  const s = await sandbox(t, { latency: { global: { min: 200, max: 200 }, operations: { 'imiconnect:getCustomerProfile': { min: 0, max: 0 } } } })
  const time = async (url: string, headers: Record<string, string>) => {
    const start = performance.now()
    const res = await s.inject({ url, headers })
    t.equal(res.statusCode, 200)
    return performance.now() - start
  }
  t.ok(await time(PROFILES, WM_HEADERS) >= 195, 'the global latency applies')
  t.ok(await time('/resources/v1/customerprofile/4545', IMI) < 150, 'the operation override of 0 turns it off')
  t.ok(await time(PROFILES, { ...WM_HEADERS, prefer: 'delay=0' }) < 150, 'Prefer delay=0 overrides the global latency')
})

t.test('latency for an operation no spec has fails the build', async (t) => {
  const { buildServer } = await import('../src/server.js')
  await t.rejects(buildServer({ inMemory: true, logLevel: 'silent', latency: { operations: { getNothing: { min: 1, max: 1 } } } }), /latency is set for operation "getNothing", which no spec has/)
})

t.test('faults break the connection as asked', async (t) => {
  const s = await sandbox(t)
  await s.app.listen({ port: 0, host: '127.0.0.1' })
  const address = s.app.server.address() as { port: number }
  const url = `http://127.0.0.1:${address.port}${PROFILES}`
  const call = (fault: string) => fetch(url, { headers: { ...WM_HEADERS, prefer: `fault=${fault}`, connection: 'close' } })
  await t.rejects(call('reset'), /fetch failed/, 'reset: the connection is reset')
  await t.rejects(call('empty'), /fetch failed/, 'empty: no reply at all')
  const malformed = await call('malformed')
  t.equal(malformed.status, 200)
  const text = await malformed.text()
  t.ok(text.startsWith('{"profiles":[{"id":"104127993008^26984565|E"'), 'the start of the documented body')
  t.throws(() => JSON.parse(text), SyntaxError, 'cut short: not valid JSON')
})
