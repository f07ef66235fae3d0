import t from 'tap'
import { basic, sandbox } from './helpers.js'
import { CLIENT, CLIENT_2, FORM, TOKEN_URL, answers, bearer, form, problem } from './asseco-helpers.js'

const PROFILE = '/party-profile/individual-profiles/314'
const INVALID_TOKEN = 'The access token is not valid.'

t.test('client credentials in the form get a bearer token valid for an hour', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ method: 'POST', url: TOKEN_URL, headers: FORM, payload: form({ grant_type: 'client_credentials', client_id: CLIENT.id, client_secret: CLIENT.secret }) })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['cache-control'], 'no-store')
  const body = res.json()
  t.match(body, { access_token: /^[A-Za-z0-9_-]{32}$/, token_type: 'bearer', expires_in: 3600, scope: 'party-profile' })
  t.same(Object.keys(body), ['access_token', 'token_type', 'expires_in', 'scope'])
  const profile = await s.inject({ url: PROFILE, headers: { authorization: `bearer ${body.access_token as string}` } })
  t.equal(profile.statusCode, 200)
  t.equal(profile.json()['party-number'], '314')
})

t.test('client credentials as HTTP Basic get a token too, and a requested scope is granted', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ method: 'POST', url: TOKEN_URL, headers: { ...FORM, authorization: basic(CLIENT.id, CLIENT.secret) }, payload: form({ grant_type: 'client_credentials', scope: 'party-profile' }) })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { token_type: 'bearer', expires_in: 3600, scope: 'party-profile' })
})

t.test('the scheme word bearer is accepted in any case', async (t) => {
  const s = await sandbox(t)
  const token = (await bearer(s)).authorization.slice('bearer '.length)
  for (const word of ['bearer', 'Bearer', 'BEARER', 'bEaReR']) {
    const res = await s.inject({ url: PROFILE, headers: { authorization: `${word} ${token}` } })
    t.equal(res.statusCode, 200, word)
  }
})

const tokenErrors: Array<[string, Record<string, string>, Record<string, string>, number, unknown]> = [
  ['a wrong secret answers 401 invalid_client', {}, { grant_type: 'client_credentials', client_id: CLIENT.id, client_secret: 'nope' }, 401,
    { error: 'invalid_client', error_description: 'client id and secret are not a registered sandbox client' }],
  ['an unknown client answers 401 invalid_client', {}, { grant_type: 'client_credentials', client_id: 'mallory', client_secret: CLIENT.secret }, 401,
    { error: 'invalid_client', error_description: 'client id and secret are not a registered sandbox client' }],
  ['a wrong Basic secret answers 401 invalid_client', { authorization: basic(CLIENT.id, 'nope') }, { grant_type: 'client_credentials' }, 401,
    { error: 'invalid_client', error_description: 'client id and secret are not a registered sandbox client' }],
  ['no client credentials answer 401 invalid_client', {}, { grant_type: 'client_credentials' }, 401,
    { error: 'invalid_client', error_description: 'client credentials are required: HTTP Basic, or the form fields client_id and client_secret' }],
  ['a non-Basic Authorization answers 401 invalid_client', { authorization: 'Bearer abc' }, { grant_type: 'client_credentials' }, 401,
    { error: 'invalid_client', error_description: 'Authorization header must be "Basic <base64 of client_id:client_secret>"' }],
  ['Basic and form credentials together answer 400 invalid_request', { authorization: basic(CLIENT.id, CLIENT.secret) }, { grant_type: 'client_credentials', client_id: CLIENT.id, client_secret: CLIENT.secret }, 400,
    { error: 'invalid_request', error_description: 'send the client credentials either as HTTP Basic or as form fields, not both' }],
  ['another grant type answers 400 unsupported_grant_type', {}, { grant_type: 'password', client_id: CLIENT.id, client_secret: CLIENT.secret }, 400,
    { error: 'unsupported_grant_type', error_description: "grant_type 'password' is not supported; use client_credentials" }],
  ['a missing grant type answers 400 invalid_request', {}, { client_id: CLIENT.id, client_secret: CLIENT.secret }, 400,
    { error: 'invalid_request', error_description: "body field '/grant_type' is required" }],
  ['a scope the client lacks answers 400 invalid_scope', {}, { grant_type: 'client_credentials', client_id: CLIENT.id, client_secret: CLIENT.secret, scope: 'party-profile payments' }, 400,
    { error: 'invalid_scope', error_description: 'scope payments is not granted to this client; allowed: party-profile' }],
]

for (const [name, headers, fields, status, body] of tokenErrors) {
  t.test(`token endpoint: ${name}`, async (t) => {
    const s = await sandbox(t)
    const res = await s.inject({ method: 'POST', url: TOKEN_URL, headers: { ...FORM, ...headers }, payload: form(fields) })
    answers(t, res, status, body)
  })
}

t.test('token endpoint: a JSON body answers 400 invalid_request naming the media type', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ method: 'POST', url: TOKEN_URL, payload: { grant_type: 'client_credentials' } })
  answers(t, res, 400, { error: 'invalid_request', error_description: "Content-Type 'application/json' is not accepted; send application/x-www-form-urlencoded" })
})

t.test('a token expires after an hour (fake clock): 401 in the problem shape', async (t) => {
  let now = Date.UTC(2016, 0, 11)
  const s = await sandbox(t, { clock: () => now })
  const headers = await bearer(s)
  now += 3599_000
  t.equal((await s.inject({ url: PROFILE, headers })).statusCode, 200, 'still valid a second before the hour')
  now += 1000
  const res = await s.inject({ url: PROFILE, headers })
  answers(t, res, 401, problem('unauthorized', 'the access token has expired; request a new one', INVALID_TOKEN))
  t.equal((await s.inject({ url: PROFILE, headers: await bearer(s) })).statusCode, 200, 'a new token works')
})

const refusals: Array<[string, Record<string, string>, string, string]> = [
  ['a missing Authorization header', {}, "header 'Authorization' is required", 'An access token is required: Authorization: bearer {token}.'],
  ['an unknown token', { authorization: 'bearer not-a-sandbox-token' }, 'Authorization header does not hold an access token issued by the sandbox', INVALID_TOKEN],
  ['Basic client credentials instead of a token', { authorization: basic(CLIENT.id, CLIENT.secret) }, 'Authorization header must be "Bearer <access token>"', INVALID_TOKEN],
]
for (const [name, headers, message, details] of refusals) {
  t.test(`${name} answers 401 in the problem shape`, async (t) => {
    const s = await sandbox(t)
    for (const url of [PROFILE, '/party-profile/organization-profiles/9001', '/party-profile/arrangement-profiles/MK07250120000058984', `${PROFILE}/contact-preference`]) {
      const res = await s.inject({ url, headers })
      t.equal(res.statusCode, 401, url)
      t.same(res.json(), problem('unauthorized', message, details))
    }
  })
}

t.test('the credential check comes before validation: no token and a bad party number is 401', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: '/party-profile/individual-profiles/abc' })
  t.equal(res.statusCode, 401)
  t.equal(res.json().problem, 'unauthorized')
})

t.test('the two demo clients are two tenants for the control routes', async (t) => {
  const s = await sandbox(t)
  const first = await bearer(s)
  const second = await bearer(s, CLIENT_2)
  await s.inject({ url: PROFILE, headers: first })
  await s.inject({ url: PROFILE, headers: first })
  await s.inject({ url: PROFILE, headers: second })
  const mine = await s.app.inject({ url: '/__sandbox/requests?api=asseco', headers: first })
  t.equal(mine.statusCode, 200)
  t.equal(mine.json().count, 2)
  t.ok(mine.json().requests.every((e: { tenant: string }) => e.tenant === 'asseco:asseco-demo'))
  const reset = await s.app.inject({ method: 'POST', url: '/__sandbox/reset?api=asseco', headers: second })
  t.same(reset.json(), { reset: ['asseco:asseco-demo-2'] })
})

t.test('the journal keeps token requests with the client secret redacted', async (t) => {
  const s = await sandbox(t, { adminToken: 'test-admin-token' })
  await bearer(s)
  const res = await s.app.inject({ url: `/__sandbox/requests?path=${TOKEN_URL}`, headers: { 'x-sandbox-admin-token': 'test-admin-token' } })
  t.match(res.json().requests, [{ method: 'POST', api: 'asseco', operation: 'requestToken', status: 200, body: { grant_type: 'client_credentials', client_id: CLIENT.id, client_secret: '[redacted]' } }])
})
