// The sign-in form cannot be forged (its anti-forgery token stands for one authorize request),
// and codes are single-use and short-lived: a replayed code revokes what it issued.
import t from 'tap'
import { sandbox } from './helpers.js'
import { CLIENT, FORM, SECRET, citiHeaders } from './citi-helpers.js'
import { basic } from './helpers.js'
import { AUTHORIZE, AUTH_REQUEST, exchange, form, openPage, postLogin, REDIRECT, signIn } from './oauth-helpers.js'

const FORGED = { error: 'invalid_request', error_description: 'login_token is not one a sign-in page of this sandbox gave out: a sign-in is only accepted from the page itself' }

t.test('a forged sign-in post without the page\'s token is refused and redirects nowhere', async (t) => {
  const s = await sandbox(t)
  const cases: Array<[string, Record<string, string>]> = [
    ['the old form, every field but the token', { ...AUTH_REQUEST, username: 'SandboxUser1', password: 'P@ssUser1$', consent: 'allow' }],
    ['a made-up token', { login_token: 'Zm9yZ2VkLXRva2VuLWZvcmdlZC10b2tlbi0', username: 'SandboxUser1', password: 'P@ssUser1$' }],
  ]
  for (const [name, fields] of cases) {
    const res = await postLogin(s, fields)
    t.equal(res.statusCode, 400, name)
    t.equal(res.headers.location, undefined, `${name}: no redirect`)
    t.same(res.json(), name.startsWith('the old') ? { error: 'invalid_request', error_description: "body field '/login_token' is required" } : FORGED, name)
  }
})

t.test('the page carries its token and is neither cached nor framed', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: `${AUTHORIZE}?${form(AUTH_REQUEST)}` })
  t.equal(res.statusCode, 200)
  t.match(res.body, /<input type="hidden" name="login_token" value="[A-Za-z0-9_-]{32}">/)
  t.notMatch(res.body, 'name="redirect_uri"', 'the request itself stays with the sandbox')
  t.equal(res.headers['cache-control'], 'no-store')
  t.equal(res.headers['x-frame-options'], 'DENY')
  t.equal(res.headers['content-security-policy'], "frame-ancestors 'none'")
  t.equal(res.headers['referrer-policy'], 'no-referrer')
  const other = await s.inject({ url: `${AUTHORIZE}?${form(AUTH_REQUEST)}` })
  t.not(/value="([^"]+)"/.exec(other.body)?.[1], /value="([^"]+)"/.exec(res.body)?.[1], 'a fresh token per page')
})

t.test('the token is bound to its request: the redirect, scopes and state come from the page, not the post', async (t) => {
  const s = await sandbox(t)
  const loginToken = await openPage(t, s, { ...AUTH_REQUEST, scope: 'customers_profiles', state: 'mine' })
  const res = await postLogin(s, { login_token: loginToken, username: 'SandboxUser1', password: 'P@ssUser1$', redirect_uri: 'https://evil.example/cb', state: 'theirs', scope: 'offers' })
  t.equal(res.statusCode, 302)
  const location = new URL(String(res.headers.location))
  t.equal(`${location.origin}${location.pathname}`, REDIRECT)
  t.equal(location.searchParams.get('state'), 'mine')
  const tokens = (await exchange(s, location.searchParams.get('code')!)).json()
  t.equal(tokens.scope, 'customers_profiles')
})

t.test('a page signs in once; an expired page is refused saying so', async (t) => {
  let now = Date.parse('2026-11-01T00:00:00Z')
  const s = await sandbox(t, { clock: () => now })
  const loginToken = await openPage(t, s)
  t.equal((await postLogin(s, { login_token: loginToken, username: 'SandboxUser1', password: 'P@ssUser1$' })).statusCode, 302)
  const again = await postLogin(s, { login_token: loginToken, username: 'SandboxUser1', password: 'P@ssUser1$' })
  t.equal(again.statusCode, 400)
  t.same(again.json(), FORGED)

  const old = await openPage(t, s)
  now += 600_000
  const late = await postLogin(s, { login_token: old, username: 'SandboxUser1', password: 'P@ssUser1$' })
  t.equal(late.statusCode, 400)
  t.same(late.json(), { error: 'invalid_request', error_description: 'the sign-in page has expired (pages live 10 minutes); start again from the client' })
})

t.test('denying needs no username or password and uses up the page', async (t) => {
  const s = await sandbox(t)
  const loginToken = await openPage(t, s)
  const denied = await postLogin(s, { login_token: loginToken, username: '', password: '', consent: 'deny' })
  t.equal(denied.statusCode, 302)
  t.same(Object.fromEntries(new URL(String(denied.headers.location)).searchParams), { error: 'access_denied', error_description: 'the customer denied access', state: 'xyz' })
  t.same((await postLogin(s, { login_token: loginToken, username: 'SandboxUser1', password: 'P@ssUser1$' })).json(), FORGED)
})

t.test('loading sign-in pages never evicts a client\'s tokens', async (t) => {
  const s = await sandbox(t, { tokensPerClient: 3 })
  const tokens = (await exchange(s, (await signIn(t, s)).get('code')!)).json()
  const pages: string[] = []
  for (let i = 0; i < 5; i++) pages.push(await openPage(t, s))
  const res = await s.inject({ url: '/v1/customers/profiles/emails', headers: citiHeaders(tokens.access_token) })
  t.equal(res.statusCode, 200)
  t.equal(res.json().emails[0].emailAddress, 'james.wilson@example.com.au')
  // Pages are bounded by the same flag, on their own: past it, the oldest page stops working.
  t.same((await postLogin(s, { login_token: pages[0]!, username: 'SandboxUser1', password: 'P@ssUser1$' })).json(), FORGED, 'the oldest page is gone')
  t.equal((await postLogin(s, { login_token: pages[4]!, username: 'SandboxUser1', password: 'P@ssUser1$' })).statusCode, 302, 'the newest works')
})

t.test('a replayed code is refused and revokes the tokens its exchange issued', async (t) => {
  const s = await sandbox(t)
  const code = (await signIn(t, s)).get('code')!
  const first = await exchange(s, code)
  t.equal(first.statusCode, 200)
  const { access_token: access, refresh_token: refresh } = first.json()
  t.equal((await s.inject({ url: '/v1/customers/profiles/emails', headers: citiHeaders(access) })).statusCode, 200)

  const replay = await exchange(s, code)
  t.equal(replay.statusCode, 400)
  t.same(replay.json(), { error: 'invalid_grant', error_description: 'the authorization code was already used; the tokens issued for it are revoked' })

  const after = await s.inject({ url: '/v1/customers/profiles/emails', headers: citiHeaders(access) })
  t.equal(after.statusCode, 401)
  t.same(after.json(), { type: 'error', code: 'unAuthorized', details: 'Authorization header does not hold an access token issued by the sandbox', location: 'Authorization' })
  const refreshed = await s.inject({ method: 'POST', url: '/authCode/oauth2/refresh', headers: { ...FORM, authorization: basic(CLIENT, SECRET) }, payload: form({ grant_type: 'refresh_token', refresh_token: refresh }) })
  t.equal(refreshed.statusCode, 400)
  t.same(refreshed.json(), { error: 'invalid_grant', error_description: 'the refresh token is unknown, revoked or another client\'s' })
  t.same((await exchange(s, code)).json(), { error: 'invalid_grant', error_description: 'the authorization code is unknown or already used' }, 'a third try is simply unknown')
})

t.test('a replay also revokes the tokens refreshed from the code\'s grant', async (t) => {
  const s = await sandbox(t)
  const code = (await signIn(t, s)).get('code')!
  const first = (await exchange(s, code)).json()
  const refresh = (token: string) => s.inject({ method: 'POST', url: '/authCode/oauth2/refresh', headers: { ...FORM, authorization: basic(CLIENT, SECRET) }, payload: form({ grant_type: 'refresh_token', refresh_token: token }) })
  const second = (await refresh(first.refresh_token)).json()
  const third = await refresh(second.refresh_token)
  t.equal(third.statusCode, 200)
  const latest = third.json()
  for (const access of [first.access_token, second.access_token, latest.access_token]) {
    t.equal((await s.inject({ url: '/v1/customers/profiles/emails', headers: citiHeaders(access) })).statusCode, 200, 'working before the replay')
  }
  t.same((await exchange(s, code)).json(), { error: 'invalid_grant', error_description: 'the authorization code was already used; the tokens issued for it are revoked' })
  for (const access of [first.access_token, second.access_token, latest.access_token]) {
    const res = await s.inject({ url: '/v1/customers/profiles/emails', headers: citiHeaders(access) })
    t.equal(res.statusCode, 401, 'revoked by the replay')
    t.equal(res.json().code, 'unAuthorized')
  }
  t.same((await refresh(latest.refresh_token)).json(), { error: 'invalid_grant', error_description: 'the refresh token is unknown, revoked or another client\'s' })
})

t.test('codes live 120 seconds', async (t) => {
  let now = Date.parse('2026-11-01T00:00:00Z')
  const s = await sandbox(t, { clock: () => now })
  const code = (await signIn(t, s)).get('code')!
  now += 120_000
  const res = await exchange(s, code)
  t.equal(res.statusCode, 400)
  t.same(res.json(), { error: 'invalid_grant', error_description: 'the authorization code has expired; codes live 120 seconds' })
})
