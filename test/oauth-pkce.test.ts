// PKCE (RFC 7636): accepted on the authorization request, verified at the token endpoint; a
// public client must use it, with the methods it is registered for.
import t from 'tap'
import { sandbox } from './helpers.js'
import { citiHeaders } from './citi-helpers.js'
import { AUTHORIZE, AUTH_REQUEST, exchange, form, pkcePair, PUBLIC_CLIENT, REDIRECT, signIn } from './oauth-helpers.js'

const PUBLIC_REQUEST = { ...AUTH_REQUEST, client_id: PUBLIC_CLIENT, scope: 'customers_profiles' }

/** The error parameters an authorize request is redirected back with. */
async function redirectedError (s: Awaited<ReturnType<typeof sandbox>>, query: Record<string, string>): Promise<Record<string, string>> {
  const res = await s.inject({ url: `${AUTHORIZE}?${form(query)}` })
  if (res.statusCode !== 302) throw new Error(`expected a redirect, got ${res.statusCode}: ${res.body}`)
  const location = new URL(String(res.headers.location))
  if (`${location.origin}${location.pathname}` !== REDIRECT) throw new Error(`redirected to ${location.href}`)
  return Object.fromEntries(location.searchParams)
}

t.test('S256: the right verifier gets tokens that work', async (t) => {
  const s = await sandbox(t)
  const { verifier, challenge } = pkcePair()
  const code = (await signIn(t, s, { ...AUTH_REQUEST, code_challenge: challenge, code_challenge_method: 'S256' })).get('code')!
  const res = await exchange(s, code, { verifier })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { token_type: 'bearer', expires_in: 1800, scope: 'customers_profiles customers_alerts' })
  t.equal(res.headers['cache-control'], 'no-store', 'RFC 6749 §5.1')
  t.equal(res.headers.pragma, 'no-cache')
  const profile = await s.inject({ url: '/v1/customers/profiles/basic', headers: citiHeaders(res.json().access_token) })
  t.equal(profile.statusCode, 200)
  t.equal(profile.json().customerParticulars.names[0].fullName, 'James Wilson')
})

t.test('plain: the verifier is the challenge; a request without a method means plain', async (t) => {
  const s = await sandbox(t)
  const { verifier } = pkcePair()
  for (const method of [{ code_challenge_method: 'plain' }, {}] as Array<Record<string, string>>) {
    const code = (await signIn(t, s, { ...AUTH_REQUEST, code_challenge: verifier, ...method })).get('code')!
    const res = await exchange(s, code, { verifier })
    t.equal(res.statusCode, 200)
    t.equal(res.json().token_type, 'bearer')
  }
})

t.test('a missing verifier is invalid_request; a wrong one is invalid_grant and spends the code', async (t) => {
  const s = await sandbox(t)
  const { verifier, challenge } = pkcePair()
  const request = { ...AUTH_REQUEST, code_challenge: challenge, code_challenge_method: 'S256' }
  const missing = await exchange(s, (await signIn(t, s, request)).get('code')!)
  t.equal(missing.statusCode, 400)
  t.same(missing.json(), { error: 'invalid_request', error_description: 'code_verifier is required: the code was requested with a code_challenge (PKCE)' })

  const code = (await signIn(t, s, request)).get('code')!
  const wrong = await exchange(s, code, { verifier: pkcePair().verifier })
  t.equal(wrong.statusCode, 400)
  t.same(wrong.json(), { error: 'invalid_grant', error_description: 'code_verifier does not match the code_challenge the code was requested with (S256)' })
  const retry = await exchange(s, code, { verifier })
  t.same(retry.json(), { error: 'invalid_grant', error_description: 'the authorization code is unknown or already used' }, 'no second guess')

  const malformed = await exchange(s, (await signIn(t, s, request)).get('code')!, { verifier: 'short' })
  t.same(malformed.json(), { error: 'invalid_request', error_description: 'code_verifier must be 43 to 128 characters of A-Z, a-z, 0-9, "-", ".", "_" and "~" (RFC 7636 §4.1)' })
})

t.test('a verifier for a code requested without a challenge is refused (no downgrade)', async (t) => {
  const s = await sandbox(t)
  const res = await exchange(s, (await signIn(t, s)).get('code')!, { verifier: pkcePair().verifier })
  t.equal(res.statusCode, 400)
  t.same(res.json(), { error: 'invalid_grant', error_description: 'code_verifier was sent, but the code was requested without a code_challenge' })
})

t.test('a public client must use PKCE, with S256 only, and names itself at the token endpoint', async (t) => {
  const s = await sandbox(t)
  t.same(await redirectedError(s, PUBLIC_REQUEST), {
    error: 'invalid_request',
    error_description: 'client citi-sandbox-public is a public client: it must use PKCE (code_challenge with code_challenge_method=S256)',
    state: 'xyz',
  })
  const { verifier, challenge } = pkcePair()
  t.same(await redirectedError(s, { ...PUBLIC_REQUEST, code_challenge: verifier, code_challenge_method: 'plain' }), {
    error: 'invalid_request', error_description: 'code_challenge_method plain is not allowed for client citi-sandbox-public; use S256', state: 'xyz',
  }, 'plain when only S256 is allowed')
  t.same(await redirectedError(s, { ...PUBLIC_REQUEST, code_challenge: verifier }), {
    error: 'invalid_request', error_description: 'code_challenge_method plain is not allowed for client citi-sandbox-public; use S256', state: 'xyz',
  }, 'no method means plain')

  const code = (await signIn(t, s, { ...PUBLIC_REQUEST, code_challenge: challenge, code_challenge_method: 'S256' })).get('code')!
  const res = await exchange(s, code, { client: PUBLIC_CLIENT, public: true, verifier })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { token_type: 'bearer', scope: 'customers_profiles' })
  const emails = await s.inject({ url: '/v1/customers/profiles/emails', headers: citiHeaders(res.json().access_token, PUBLIC_CLIENT) })
  t.equal(emails.statusCode, 200)
  t.equal(emails.json().emails[0].emailAddress, 'james.wilson@example.com.au')
})

t.test('a confidential client cannot pass for a public one, nor a public one use client credentials', async (t) => {
  const s = await sandbox(t)
  const { verifier, challenge } = pkcePair()
  const code = (await signIn(t, s, { ...AUTH_REQUEST, code_challenge: challenge, code_challenge_method: 'S256' })).get('code')!
  const res = await exchange(s, code, { public: true, verifier })
  t.equal(res.statusCode, 401)
  t.same(res.json(), { error: 'invalid_client', error_description: 'client citi-sandbox-client is confidential: authenticate with Authorization: Basic base64(client_id:client_secret)' })
  t.equal(res.headers['www-authenticate'], 'Basic realm="profile-sandbox", charset="UTF-8"', 'RFC 6749 §5.2: the scheme to authenticate with')
  const none = await exchange(s, code, { client: 'nobody', public: true, verifier })
  t.equal(none.statusCode, 401)
  t.same(none.json(), { error: 'invalid_client', error_description: "header 'Authorization' is required: Basic base64(client_id:client_secret), or a public client's client_id in the form" })
  const cc = await s.inject({ method: 'POST', url: '/clientCredentials/oauth2/token/au/gcb', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${PUBLIC_CLIENT}:`).toString('base64')}` }, payload: 'grant_type=client_credentials' })
  t.equal(cc.statusCode, 401)
  t.equal(cc.headers['www-authenticate'], 'Basic realm="profile-sandbox", charset="UTF-8"')
  t.same(cc.json(), { error: 'invalid_client', error_description: 'Authorization header does not hold a registered sandbox client id and secret' })
})

t.test('a malformed challenge or an unknown method is answered on the page', async (t) => {
  const s = await sandbox(t)
  const short = await s.inject({ url: `${AUTHORIZE}?${form({ ...AUTH_REQUEST, code_challenge: 'abc', code_challenge_method: 'S256' })}` })
  t.equal(short.statusCode, 400)
  t.equal(short.headers.location, undefined)
  t.equal(short.json().error, 'invalid_request')
  t.match(short.json().error_description, 'code_challenge')
  const method = await s.inject({ url: `${AUTHORIZE}?${form({ ...AUTH_REQUEST, code_challenge: pkcePair().challenge, code_challenge_method: 'S512' })}` })
  t.equal(method.statusCode, 400)
  t.equal(method.json().error, 'invalid_request')
  t.match(method.json().error_description, 'code_challenge_method')
})
