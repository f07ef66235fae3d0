// Issued tokens on the PostgreSQL engine, across two replicas (two sandboxes in one process on
// one database, in contract mode): single-use codes, rotating refresh tokens, revocation, expiry.
import t from 'tap'
import { basic, sandbox } from '../helpers.js'
import { CLIENT, FORM, SECRET, citiHeaders } from '../citi-helpers.js'
import { exchange, form, signIn } from '../oauth-helpers.js'
import { freshDatabase } from './pg-helpers.js'

t.test('a code is used once whichever replica it is shown to; refresh rotation, revocation and expiry hold on every replica', async (t) => {
  const { url } = await freshDatabase(t)
  let now = Date.parse('2026-11-01T00:00:00Z')
  const clock = (): number => now
  const a = await sandbox(t, { store: url, clock })
  const b = await sandbox(t, { store: url, clock })
  const auth = { ...FORM, authorization: basic(CLIENT, SECRET) }

  const code = (await signIn(t, a)).get('code')!
  const exchanged = await exchange(b, code)
  t.equal(exchanged.statusCode, 200, 'a code given out by A is exchanged on B')
  const first = exchanged.json()
  t.match(first, { access_token: String, refresh_token: String, token_type: 'bearer' })
  const again = await exchange(a, code)
  t.equal(again.statusCode, 400, 'and refused when shown again to A')
  t.match(again.json(), { error: 'invalid_grant', error_description: /already used/ })

  const refresh = (s: typeof a, token: string) => s.inject({ method: 'POST', url: '/authCode/oauth2/refresh', headers: auth, payload: form({ grant_type: 'refresh_token', refresh_token: token }) })
  const rotated = await refresh(a, first.refresh_token)
  t.equal(rotated.statusCode, 200, 'the refresh token from B rotates on A')
  const second = rotated.json()
  t.same((await refresh(b, first.refresh_token)).json(), { error: 'invalid_grant', error_description: 'the refresh token is unknown, revoked or another client\'s' }, 'the rotated-out token is refused on B')
  const emails = await b.inject({ url: '/v1/customers/profiles/emails', headers: citiHeaders(second.access_token) })
  t.equal(emails.statusCode, 200)
  t.equal(emails.json().emails[0].emailAddress, 'james.wilson@example.com.au')

  const revoked = await a.inject({ method: 'POST', url: '/authCode/oauth2/revoke', headers: auth, payload: form({ token: second.access_token, token_type_hint: 'access_token' }) })
  t.equal(revoked.statusCode, 200)
  t.equal((await b.inject({ url: '/v1/customers/profiles/emails', headers: citiHeaders(second.access_token) })).statusCode, 401, 'revoked on A, refused on B')

  // Two refreshes racing with one token on two replicas: exactly one gets new tokens.
  const third = (await refresh(b, second.refresh_token)).json()
  const raced = await Promise.all([refresh(a, third.refresh_token), refresh(b, third.refresh_token)])
  t.same(raced.map((r) => r.statusCode).sort(), [200, 400], 'a refresh token is used once, even by two replicas at the same moment')

  const access = (raced.find((r) => r.statusCode === 200)!).json().access_token as string
  t.equal((await a.inject({ url: '/v1/customers/profiles/emails', headers: citiHeaders(access) })).statusCode, 200)
  now += 3_600_000
  const expired = await b.inject({ url: '/v1/customers/profiles/emails', headers: citiHeaders(access) })
  t.equal(expired.statusCode, 401, 'an expired access token is refused on every replica')
  t.match(expired.json(), { code: String })
})
