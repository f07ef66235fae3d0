import t, { type Test } from 'tap'
import { basic, sandbox, type TestSandbox } from './helpers.js'
import { CLIENT, CLIENT_2, FORM, SECRET, SECRET_2, citiHeaders } from './citi-helpers.js'
import { AUTHORIZE, AUTH_REQUEST as LOGIN, exchange as exchangeAs, form, openPage, postLogin, REDIRECT, signIn } from './oauth-helpers.js'

/** Signs a demo customer in through the login page; answers the redirect's query. */
async function login (t: Test, s: TestSandbox, user = 'SandboxUser2', password = 'P@ssUser2$', extra: Record<string, string> = {}): Promise<URLSearchParams> {
  return signIn(t, s, LOGIN, user, password, extra)
}

async function exchange (s: TestSandbox, code: string, client = CLIENT, secret = SECRET, redirect = REDIRECT) {
  return exchangeAs(s, code, { client, secret, redirect })
}

t.test('the authorize page is a login form carrying the request through', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: `${AUTHORIZE}?${form({ ...LOGIN, countryCode: 'AU', businessCode: 'GCB', locale: 'en_AU' })}` })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/html/)
  t.match(res.body, '<form method="post" action="/authCode/oauth2/authorize">')
  t.match(res.body, /<input type="hidden" name="login_token" value="[A-Za-z0-9_-]{32}">/)
  t.match(res.body, '<code>customers_alerts</code>')
  t.match(res.body, 'SandboxUser1')
})

t.test('the authorize page refuses unknown clients in the OAuth shape, without redirecting; an unknown scope goes back to the client', async (t) => {
  const s = await sandbox(t)
  const unknown = await s.inject({ url: `${AUTHORIZE}?${form({ ...LOGIN, client_id: 'nobody' })}` })
  t.equal(unknown.statusCode, 400)
  t.same(unknown.json(), { error: 'unauthorized_client', error_description: "client_id 'nobody' is not a registered sandbox client" })
  const scope = await s.inject({ url: `${AUTHORIZE}?${form({ ...LOGIN, scope: 'payments' })}` })
  t.equal(scope.statusCode, 302)
  t.same(Object.fromEntries(new URL(String(scope.headers.location)).searchParams), {
    error: 'invalid_scope', error_description: 'scope payments is not granted to client citi-sandbox-client; it may ask for /api, customers_profiles, customers_alerts, offers, cards', state: 'xyz',
  })
  const missing = await s.inject({ url: `${AUTHORIZE}?${form({ client_id: CLIENT, scope: 'customers_profiles', response_type: 'code' })}` })
  t.same(missing.json(), { error: 'invalid_request', error_description: "query parameter 'redirect_uri' is required" })
})

t.test('authorization code end to end: the token acts for the customer who logged in', async (t) => {
  const s = await sandbox(t)
  const query = await login(t, s)
  t.equal(query.get('state'), 'xyz')
  const res = await exchange(s, query.get('code')!)
  t.equal(res.statusCode, 200)
  const tokens = res.json()
  t.match(tokens, { token_type: 'bearer', expires_in: 1800, scope: 'customers_profiles customers_alerts', refresh_token_expires_in: 2592000 })
  const profile = await s.inject({ url: '/v1/customers/profiles/basic', headers: citiHeaders(tokens.access_token) })
  t.equal(profile.statusCode, 200)
  t.equal(profile.json().customerParticulars.names[0].fullName, 'James Wilson', 'SandboxUser2 is customer 1002')
  const offers = await s.inject({ method: 'PUT', url: '/v1/offers', headers: citiHeaders(tokens.access_token), payload: { offerId: 'OFR-1002-BT', offerStatus: 'ACCEPTED' } })
  t.equal(offers.statusCode, 403, 'a scope the customer did not grant')
})

t.test('a code works once, for its client and redirect_uri, and for 120 seconds', async (t) => {
  let now = Date.parse('2026-11-01T00:00:00Z')
  const s = await sandbox(t, { clock: () => now })
  const code = (await login(t, s)).get('code')!
  t.equal((await exchange(s, code)).statusCode, 200)
  const again = await exchange(s, code)
  t.equal(again.statusCode, 400)
  t.same(again.json(), { error: 'invalid_grant', error_description: 'the authorization code was already used; the tokens issued for it are revoked' })
  t.same((await exchange(s, 'never-issued')).json(), { error: 'invalid_grant', error_description: 'the authorization code is unknown or already used' })

  const other = await exchange(s, (await login(t, s)).get('code')!, CLIENT_2, SECRET_2)
  t.same(other.json(), { error: 'invalid_grant', error_description: 'the authorization code was issued to another client' })
  const redirect = await exchange(s, (await login(t, s)).get('code')!, CLIENT, SECRET, 'http://127.0.0.1:3000/other')
  t.same(redirect.json(), { error: 'invalid_grant', error_description: 'redirect_uri is not the one the code was requested with' })

  const late = (await login(t, s)).get('code')!
  now += 120_000
  t.same((await exchange(s, late)).json(), { error: 'invalid_grant', error_description: 'the authorization code has expired; codes live 120 seconds' })
})

t.test('a wrong password shows the page again; a denial redirects with access_denied', async (t) => {
  const s = await sandbox(t)
  const loginToken = await openPage(t, s)
  const wrong = await postLogin(s, { login_token: loginToken, username: 'SandboxUser1', password: 'guess' })
  t.equal(wrong.statusCode, 200)
  t.match(wrong.body, 'The username or password is wrong')
  t.match(wrong.body, `name="login_token" value="${loginToken}"`, 'the same page, to try again')
  const denied = await login(t, s, 'SandboxUser1', '', { consent: 'deny' })
  t.same(Object.fromEntries(denied), { error: 'access_denied', error_description: 'the customer denied access', state: 'xyz' })
})

t.test('refresh tokens rotate; revoked and expired tokens stop working', async (t) => {
  let now = Date.parse('2026-11-01T00:00:00Z')
  const s = await sandbox(t, { clock: () => now })
  const auth = { ...FORM, authorization: basic(CLIENT, SECRET) }
  const first = (await exchange(s, (await login(t, s)).get('code')!)).json()
  const refresh = (token: string, headers = auth) => s.inject({ method: 'POST', url: '/authCode/oauth2/refresh', headers, payload: form({ grant_type: 'refresh_token', refresh_token: token }) })

  t.same((await refresh(first.refresh_token, { ...FORM, authorization: basic(CLIENT_2, SECRET_2) })).json().error, 'invalid_grant', 'another client cannot use it')
  const second = await refresh(first.refresh_token)
  t.equal(second.statusCode, 200)
  const rotated = second.json()
  t.match(rotated, { token_type: 'bearer', scope: 'customers_profiles customers_alerts' })
  t.not(rotated.refresh_token, first.refresh_token)
  t.same((await refresh(first.refresh_token)).json(), { error: 'invalid_grant', error_description: 'the refresh token is unknown, revoked or another client\'s' })
  t.equal((await s.inject({ url: '/v1/customers/profiles/emails', headers: citiHeaders(rotated.access_token) })).json().emails[0].emailAddress, 'james.wilson@example.com.au')

  const revoke = await s.inject({ method: 'POST', url: '/authCode/oauth2/revoke', headers: auth, payload: form({ token: rotated.access_token, token_type_hint: 'access_token' }) })
  t.equal(revoke.statusCode, 200)
  t.equal(revoke.body, '')
  const after = await s.inject({ url: '/v1/customers/profiles/emails', headers: citiHeaders(rotated.access_token) })
  t.equal(after.statusCode, 401)
  t.equal((await s.inject({ method: 'POST', url: '/authCode/oauth2/revoke', headers: auth, payload: form({ token: 'never-issued' }) })).statusCode, 200, 'unknown tokens too')

  now += 2_592_000_000
  t.same((await refresh(rotated.refresh_token)).json(), { error: 'invalid_grant', error_description: 'the refresh token has expired; sign the customer in again' })
})

t.test('a client cannot revoke another client\'s token', async (t) => {
  const s = await sandbox(t)
  const tokens = (await exchange(s, (await login(t, s)).get('code')!)).json()
  await s.inject({ method: 'POST', url: '/authCode/oauth2/revoke', headers: { ...FORM, authorization: basic(CLIENT_2, SECRET_2) }, payload: form({ token: tokens.access_token }) })
  t.equal((await s.inject({ url: '/v1/customers/profiles/emails', headers: citiHeaders(tokens.access_token) })).statusCode, 200)
})
