import t from 'tap'
import { basic, sandbox } from './helpers.js'
import { CC_TOKEN_URL, CLIENT, CLIENT_2, FORM, SECRET, SECRET_2, citiHeaders, clientToken } from './citi-helpers.js'

const PROFILE = '/v1/customers/profiles'

t.test('each header check answers Citi\'s envelope naming the header', async (t) => {
  const s = await sandbox(t)
  const token = await clientToken(t, s)
  const token2 = await clientToken(t, s, CLIENT_2, SECRET_2)
  const ok = citiHeaders(token)
  const without = (name: string) => Object.fromEntries(Object.entries(ok).filter(([k]) => k !== name))
  const cases: Array<[string, Record<string, string>, number, Record<string, string>]> = [
    ['no Authorization', without('authorization'), 401, { type: 'error', code: 'unAuthorized', details: "header 'Authorization' is required", location: 'Authorization' }],
    ['not a bearer', { ...ok, authorization: basic(CLIENT, SECRET) }, 401, { type: 'error', code: 'unAuthorized', details: 'Authorization header must be "Bearer <access token>"', location: 'Authorization' }],
    ['a token the sandbox never issued', { ...ok, authorization: 'Bearer KGNsaWVudF9pZDpjbGllbnRfc2VjcmV0KQ==' }, 401, { type: 'error', code: 'unAuthorized', details: 'Authorization header does not hold an access token issued by the sandbox', location: 'Authorization' }],
    ['no client_id', without('client_id'), 400, { type: 'invalid', code: 'invalidRequest', details: "header 'client_id' is required", location: 'client_id' }],
    ['another client\'s token', { ...ok, authorization: `Bearer ${token2}` }, 401, { type: 'error', code: 'unAuthorized', details: "header 'client_id' does not name the client the access token was issued to", location: 'client_id' }],
    ['no uuid', without('uuid'), 400, { type: 'invalid', code: 'invalidRequest', details: "header 'uuid' is required", location: 'uuid' }],
    ['a uuid that is none', { ...ok, uuid: '12345' }, 400, { type: 'invalid', code: 'invalidRequest', details: "header 'uuid' must be a UUID (8-4-4-4-12 hexadecimal digits)", location: 'uuid' }],
    ['no Accept', without('accept'), 400, { type: 'invalid', code: 'invalidRequest', details: "header 'Accept' is required", location: 'Accept' }],
    ['an Accept without JSON', { ...ok, accept: 'text/html' }, 400, { type: 'invalid', code: 'invalidRequest', details: "header 'Accept' must accept application/json", location: 'Accept' }],
  ]
  for (const [name, headers, status, body] of cases) {
    const res = await s.inject({ url: PROFILE, headers })
    t.equal(res.statusCode, status, name)
    t.same(res.json(), body, name)
  }
  for (const accept of ['*/*', 'application/*', 'text/html, application/json;q=0.9']) {
    t.equal((await s.inject({ url: PROFILE, headers: { ...ok, accept } })).statusCode, 200, `Accept: ${accept}`)
  }
})

t.test('a token without the operation\'s scope answers 403 accessNotConfigured', async (t) => {
  const s = await sandbox(t)
  const token = await clientToken(t, s, CLIENT, SECRET, 'customers_profiles')
  t.equal((await s.inject({ url: PROFILE, headers: citiHeaders(token) })).statusCode, 200)
  const res = await s.inject({ url: '/v1/customers/alerts', headers: citiHeaders(token) })
  t.equal(res.statusCode, 403)
  t.same(res.json(), { type: 'error', code: 'accessNotConfigured', details: 'the access token lacks the scope customers_alerts', location: 'Authorization' })
})

t.test('an expired access token answers 401 (30 minutes by default)', async (t) => {
  let now = Date.parse('2026-11-01T00:00:00Z')
  const s = await sandbox(t, { clock: () => now })
  const token = await clientToken(t, s)
  now += 1799_000
  t.equal((await s.inject({ url: PROFILE, headers: citiHeaders(token) })).statusCode, 200)
  now += 1000
  const res = await s.inject({ url: PROFILE, headers: citiHeaders(token) })
  t.equal(res.statusCode, 401)
  t.same(res.json(), { type: 'error', code: 'unAuthorized', details: 'the access token has expired; request a new one', location: 'Authorization' })
})

t.test('the client-credentials endpoint answers tokens and OAuth errors', async (t) => {
  const s = await sandbox(t)
  const post = (headers: Record<string, string>, payload: string) => s.inject({ method: 'POST', url: CC_TOKEN_URL, headers: { ...FORM, ...headers }, payload })
  const auth = { authorization: basic(CLIENT, SECRET) }
  const ok = await post(auth, 'grant_type=client_credentials&scope=/api')
  t.equal(ok.statusCode, 200)
  const body = ok.json()
  t.match(body, { token_type: 'bearer', expires_in: 1800, scope: 'customers_profiles customers_alerts offers cards' })
  t.match(body.access_token, /^[A-Za-z0-9_-]{32}$/)
  t.notOk('refresh_token' in body, 'no refresh token for client credentials')
  t.equal((await post(auth, 'grant_type=client_credentials&scope=offers%20cards')).json().scope, 'offers cards')

  const errors: Array<[string, Record<string, string>, string, number, Record<string, string>]> = [
    ['wrong secret', { authorization: basic(CLIENT, 'nope') }, 'grant_type=client_credentials', 401, { error: 'invalid_client', error_description: 'Authorization header does not hold a registered sandbox client id and secret' }],
    ['no credentials', {}, 'grant_type=client_credentials', 401, { error: 'invalid_client', error_description: "header 'Authorization' is required" }],
    ['another grant type', auth, 'grant_type=password', 400, { error: 'unsupported_grant_type', error_description: 'grant_type must be client_credentials on this endpoint, not "password"' }],
    ['no grant type', auth, 'scope=/api', 400, { error: 'invalid_request', error_description: "body field '/grant_type' is required" }],
    ['a scope the client lacks', auth, 'grant_type=client_credentials&scope=payments', 400, { error: 'invalid_scope', error_description: 'scope payments is not granted to client citi-sandbox-client; it may ask for /api, customers_profiles, customers_alerts, offers, cards' }],
  ]
  for (const [name, headers, payload, status, expected] of errors) {
    const res = await post(headers, payload)
    t.equal(res.statusCode, status, name)
    t.same(res.json(), expected, name)
  }
  const json = await s.inject({ method: 'POST', url: CC_TOKEN_URL, headers: auth, payload: { grant_type: 'client_credentials' } })
  t.equal(json.statusCode, 400)
  t.same(json.json(), { error: 'invalid_request', error_description: "Content-Type 'application/json' is not accepted; send application/x-www-form-urlencoded" })
})

t.test('unknown routes and wrong methods under Citi\'s paths answer its envelope', async (t) => {
  const s = await sandbox(t)
  const token = await clientToken(t, s)
  const res = await s.inject({ url: '/v1/customers/profiles/nothing', headers: citiHeaders(token) })
  t.equal(res.statusCode, 404)
  t.same(res.json(), { type: 'error', code: 'resourceNotFound', details: 'Citi Australia Customers has no route GET /v1/customers/profiles/nothing' })
  const wrong = await s.inject({ method: 'DELETE', url: PROFILE, headers: citiHeaders(token) })
  t.equal(wrong.statusCode, 405)
  t.equal(wrong.headers.allow, 'GET, HEAD')
})

t.test('Prefer: code=500 answers Citi\'s fatal envelope', async (t) => {
  const s = await sandbox(t)
  const token = await clientToken(t, s)
  const res = await s.inject({ url: PROFILE, headers: { ...citiHeaders(token), prefer: 'code=500' } })
  t.equal(res.statusCode, 500)
  t.same(res.json(), { type: 'fatal', code: 'serverUnavailable', details: 'forced by Prefer: code=500' })
})

t.test('the magic uuid …0500 answers 500 serverUnavailable on every operation', async (t) => {
  const s = await sandbox(t)
  const token = await clientToken(t, s)
  const uuid = '00000000-0000-4000-8000-000000000500'
  const res = await s.inject({ url: '/v1/customers/alerts/history', headers: { ...citiHeaders(token), uuid } })
  t.equal(res.statusCode, 500)
  t.same(res.json(), { type: 'fatal', code: 'serverUnavailable', details: `the customer service failed (sandbox scenario: uuid ${uuid})` })
  const put = await s.inject({ method: 'PUT', url: '/v1/offers', headers: { ...citiHeaders(token), uuid }, payload: { offerId: 'OFR-1001-BT', offerStatus: 'VIEWED' } })
  t.equal(put.statusCode, 500)
  const { scenarios } = (await s.app.inject({ url: '/__sandbox/scenarios' })).json()
  t.equal(scenarios.filter((x: { api: string }) => x.api === 'citi').length, 19, 'listed in the catalogue for all 19 operations')
})
