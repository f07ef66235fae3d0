import t, { type Test } from 'tap'
import { basic, WM_HEADERS } from './helpers.js'
import { request, serve, type Answer, type Served } from './http-helpers.js'
import { readConfig } from '../src/config.js'
import { OptionsError, buildServer } from '../src/server.js'

const ORIGIN = 'http://localhost:5173'
const OTHER = 'https://elsewhere.example'

/** A browser's preflight: OPTIONS with Origin and the method and headers the real call will use. */
const preflight = (s: Served, path: string, method: string, headers: string[], origin = ORIGIN): Promise<Answer> =>
  s.call('OPTIONS', path, { headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers.join(',') } })

function allowsPreflight (t: Test, res: Answer, method: string, headers: string[], origin = ORIGIN): void {
  t.equal(res.status, 204, 'preflight answered 204')
  t.equal(res.text, '', 'with no body')
  t.equal(res.headers.get('access-control-allow-origin'), origin, 'the origin echoed')
  t.equal(res.headers.get('access-control-allow-credentials'), 'true', 'credentials allowed')
  t.ok(res.headers.get('access-control-allow-methods')?.split(/,\s*/).includes(method), `${method} allowed`)
  t.equal(res.headers.get('access-control-allow-headers'), headers.join(','), 'the asked headers allowed')
  t.match(res.headers.get('vary') ?? '', /Origin/, 'Vary: Origin')
}

function carriesCors (t: Test, res: Answer, origin = ORIGIN): void {
  t.equal(res.headers.get('access-control-allow-origin'), origin, `${res.status} carries Access-Control-Allow-Origin`)
  t.equal(res.headers.get('access-control-allow-credentials'), 'true', `${res.status} carries Access-Control-Allow-Credentials`)
}

t.test('with the default, every API answers a preflight without credentials and its calls carry CORS headers', async (t) => {
  const s = await serve(t, { inMemory: true, adminToken: 'cors-admin-token' })
  const from = { origin: ORIGIN }

  t.test('WM (Basic)', async (t) => {
    const path = '/api/v1/customers/104127993008/profiles'
    allowsPreflight(t, await preflight(s, path, 'GET', ['authorization', 'request-tracking-id', 'profileid']), 'GET', ['authorization', 'request-tracking-id', 'profileid'])
    const ok = await s.call('GET', path, { headers: { ...WM_HEADERS, ...from } })
    t.equal(ok.status, 200)
    t.ok(Array.isArray((ok.body as { profiles?: unknown[] }).profiles), 'the profiles')
    carriesCors(t, ok)
    // The browser reads the API's own 401: the envelope carries the headers too.
    const refused = await s.call('GET', path, { headers: { ...WM_HEADERS, authorization: basic('ocsuser', 'wrong'), ...from } })
    t.equal(refused.status, 401)
    t.same(refused.body, { error: { code: '401', message: 'Unauthorized', errors: [{ message: 'Authorization header does not hold a registered sandbox user and password' }] }, request_tracking_id: '12345' })
    carriesCors(t, refused)
  })

  t.test('IMIconnect (key)', async (t) => {
    const path = '/resources/v1/customerprofile/4545?showinwardlinks=0'
    allowsPreflight(t, await preflight(s, path, 'GET', ['key']), 'GET', ['key'])
    const ok = await s.call('GET', path, { headers: { key: 'imi-sandbox-key', ...from } })
    t.equal(ok.status, 200)
    t.match(ok.body, { Status: 0 })
    carriesCors(t, ok)
    const refused = await s.call('GET', path, { headers: { key: 'not-a-key', ...from } })
    t.equal(refused.status, 401)
    t.match(refused.body, { Status: 1, code: '7001', Description: "Authentication failed: header 'key' is not a registered sandbox key" })
    carriesCors(t, refused)
  })

  t.test('simPRO (bearer), with its paging headers readable', async (t) => {
    const path = '/api/v1.0/companies/0/setup/customerProfiles/'
    allowsPreflight(t, await preflight(s, path, 'POST', ['authorization', 'content-type']), 'POST', ['authorization', 'content-type'])
    const ok = await s.call('GET', path, { headers: { authorization: 'Bearer simpro-sandbox-token', ...from } })
    t.equal(ok.status, 200)
    t.ok(Array.isArray(ok.body), 'a list')
    carriesCors(t, ok)
    const exposed = (ok.headers.get('access-control-expose-headers') ?? '').split(/,\s*/)
    t.ok(exposed.includes('Result-Total') && exposed.includes('Location'), 'Result-Total and Location are exposed')
    const refused = await s.call('GET', `${path}999999`, { headers: { authorization: 'Bearer simpro-sandbox-token', ...from } })
    t.equal(refused.status, 404)
    t.same(refused.body, { errors: [{ path: '/customerProfileID', message: "customer profile '999999' not found", value: 999999 }] })
    carriesCors(t, refused)
  })

  t.test('Asseco SEE (OAuth client credentials, then bearer)', async (t) => {
    const token = '/v1/authentication/connect/token'
    allowsPreflight(t, await preflight(s, token, 'POST', ['content-type']), 'POST', ['content-type'])
    const issued = await s.call('POST', token, { headers: from, form: { grant_type: 'client_credentials', client_id: 'asseco-sandbox-client', client_secret: 'asseco-sandbox-secret' } })
    t.equal(issued.status, 200)
    carriesCors(t, issued)
    const path = '/party-profile/individual-profiles/314/contact-preference'
    allowsPreflight(t, await preflight(s, path, 'GET', ['authorization']), 'GET', ['authorization'])
    const ok = await s.call('GET', path, { headers: { authorization: `Bearer ${(issued.body as { access_token: string }).access_token}`, ...from } })
    t.equal(ok.status, 200)
    carriesCors(t, ok)
    const refused = await s.call('GET', path, { headers: { authorization: 'Bearer nope', ...from } })
    t.equal(refused.status, 401)
    t.same(refused.body, { problem: 'unauthorized', message: 'Authorization header does not hold an access token issued by the sandbox', details: 'The access token is not valid.' })
    carriesCors(t, refused)
  })

  t.test('Citi AU (client credentials, then four headers)', async (t) => {
    const token = '/clientCredentials/oauth2/token/au/gcb'
    allowsPreflight(t, await preflight(s, token, 'POST', ['authorization', 'content-type']), 'POST', ['authorization', 'content-type'])
    const issued = await s.call('POST', token, { headers: { authorization: basic('citi-sandbox-client', 'citi-sandbox-secret'), ...from }, form: { grant_type: 'client_credentials', scope: '/api' } })
    t.equal(issued.status, 200)
    carriesCors(t, issued)
    const path = '/v1/customers/profiles'
    const asked = ['accept', 'authorization', 'client_id', 'uuid']
    allowsPreflight(t, await preflight(s, path, 'GET', asked), 'GET', asked)
    const headers = { authorization: `Bearer ${(issued.body as { access_token: string }).access_token}`, client_id: 'citi-sandbox-client', uuid: '0d3f4a8e-1b2c-4d5e-8f90-123456789abc', accept: 'application/json', ...from }
    const ok = await s.call('GET', path, { headers })
    t.equal(ok.status, 200)
    carriesCors(t, ok)
    const refused = await s.call('GET', path, { headers: { ...headers, authorization: 'Bearer nope' } })
    t.equal(refused.status, 401)
    t.same(refused.body, { type: 'error', code: 'unAuthorized', details: 'Authorization header does not hold an access token issued by the sandbox', location: 'Authorization' })
    carriesCors(t, refused)
  })

  t.test('the control routes', async (t) => {
    allowsPreflight(t, await preflight(s, '/__sandbox/requests', 'DELETE', ['x-sandbox-admin-token']), 'DELETE', ['x-sandbox-admin-token'])
    const health = await s.call('GET', '/__sandbox/health', { headers: from })
    t.equal(health.status, 200)
    t.match(health.body, { status: 'ok' })
    carriesCors(t, health)
    const refused = await s.call('GET', '/__sandbox/requests', { headers: { 'x-sandbox-admin-token': 'not-the-token', ...from } })
    t.equal(refused.status, 401)
    t.match(refused.body, { problem: 'bad-credentials' })
    carriesCors(t, refused)
    const listed = await s.call('GET', '/__sandbox/requests?api=wm', { headers: { 'x-sandbox-admin-token': 'cors-admin-token', ...from } })
    t.equal(listed.status, 200)
    carriesCors(t, listed)
    // Preflights are the browser's questions to the sandbox, not API calls: the journal has none.
    t.notOk((listed.body as { requests: Array<{ method: string }> }).requests.some((r) => r.method === 'OPTIONS'), 'no preflight journaled')
    t.ok((listed.body as { count: number }).count >= 2, 'the WM calls are journaled')
  })

  t.test('a preflight is answered before the API refuses the method; the refusal carries the headers', async (t) => {
    const path = '/resources/v1/customerprofile/4545'
    allowsPreflight(t, await preflight(s, path, 'POST', ['key']), 'POST', ['key'])
    const refused = await s.call('POST', path, { headers: { key: 'imi-sandbox-key', ...from }, body: {} })
    t.equal(refused.status, 405)
    t.match(refused.body, { Status: 1, code: '405' })
    carriesCors(t, refused)
  })

  t.test('a call without Origin (not from a browser) gets only Vary: Origin; an OPTIONS without it is the API\'s 405', async (t) => {
    const res = await s.call('GET', '/__sandbox/health')
    t.equal(res.status, 200)
    t.match(res.body, { status: 'ok' })
    t.equal(res.headers.get('access-control-allow-origin'), null)
    t.equal(res.headers.get('access-control-allow-credentials'), null)
    t.equal(res.headers.get('vary'), 'Origin', 'a cache keeps browsers\' answers apart')
    const path = '/resources/v1/customerprofile/4545'
    const options = await s.call('OPTIONS', path, { headers: { key: 'imi-sandbox-key' } })
    t.equal(options.status, 405)
    t.match(options.body, { Status: 1, code: '405', Description: `Method not allowed: OPTIONS is not allowed on ${path}; allowed: GET, HEAD` })
  })
})

t.test('--cors with a list allows only those origins', async (t) => {
  const s = await serve(t, { inMemory: true, cors: [ORIGIN, 'https://app.example.com'] })
  const path = '/resources/v1/customerprofile/4545?showinwardlinks=0'
  allowsPreflight(t, await preflight(s, path, 'GET', ['key']), 'GET', ['key'])
  allowsPreflight(t, await preflight(s, path, 'GET', ['key'], 'https://app.example.com'), 'GET', ['key'], 'https://app.example.com')
  const ok = await s.call('GET', path, { headers: { key: 'imi-sandbox-key', origin: ORIGIN } })
  t.equal(ok.status, 200)
  carriesCors(t, ok)

  const foreign = await preflight(s, path, 'GET', ['key'], OTHER)
  t.equal(foreign.status, 204)
  t.equal(foreign.headers.get('access-control-allow-origin'), null, 'another origin is not allowed: the browser stops the call')
  const direct = await s.call('GET', path, { headers: { key: 'imi-sandbox-key', origin: OTHER } })
  t.equal(direct.status, 200, 'the server still answers (CORS is the browser\'s check)')
  t.match(direct.body, { Status: 0 })
  t.equal(direct.headers.get('access-control-allow-origin'), null)
})

t.test('--cors off: no CORS headers, and OPTIONS is the API\'s 405 as before', async (t) => {
  const s = await serve(t, { inMemory: true, cors: false })
  const path = '/resources/v1/customerprofile/4545'
  const res = await preflight(s, path, 'GET', ['key'])
  t.equal(res.status, 405)
  t.match(res.body, { Status: 1, code: '405', Description: `Method not allowed: OPTIONS is not allowed on ${path}; allowed: GET, HEAD` })
  t.equal(res.headers.get('access-control-allow-origin'), null)
  const ok = await s.call('GET', `${path}?showinwardlinks=0`, { headers: { key: 'imi-sandbox-key', origin: ORIGIN } })
  t.equal(ok.status, 200)
  t.equal(ok.headers.get('access-control-allow-origin'), null)
  t.equal(ok.headers.get('access-control-allow-credentials'), null)
})

t.test('the playground and the discovery documents carry the headers too', async (t) => {
  const s = await serve(t, { inMemory: true })
  const page = await request(s.url, 'GET', '/docs', { headers: { origin: ORIGIN } })
  t.equal(page.status, 200)
  t.match(page.text, /<html/i)
  carriesCors(t, page)
})

t.test('--cors and SANDBOX_CORS: any, off, or a list of origins; a malformed origin is refused', async (t) => {
  t.equal(readConfig([], {}).options.cors, true, 'any origin by default')
  t.equal(readConfig(['--cors', 'off'], {}).options.cors, false)
  t.equal(readConfig([], { SANDBOX_CORS: 'off' }).options.cors, false)
  t.equal(readConfig(['--cors', 'any'], { SANDBOX_CORS: 'off' }).options.cors, true, 'the flag wins')
  t.same(readConfig(['--cors', 'http://localhost:5173, https://app.example.com'], {}).options.cors, ['http://localhost:5173', 'https://app.example.com'])
  t.throws(() => readConfig(['--cors', 'https://app.example.com/'], {}), new OptionsError('cors origin "https://app.example.com/" is not an origin like https://app.example.com (scheme, host and port, no path or trailing slash)'))
  t.throws(() => readConfig(['--cors', 'localhost:5173'], {}), /cors origin "localhost:5173" is not an origin/)
  await t.rejects(buildServer({ inMemory: true, logLevel: 'silent', cors: [] }), new OptionsError('cors must be true, false or a list of origins'))
})
