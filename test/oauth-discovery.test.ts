// Authorization server metadata (RFC 8414) for each OAuth API, derived from its spec and clients.
import t, { type Test } from 'tap'
import { sandbox, type TestSandbox } from './helpers.js'
import { FORM, citiHeaders } from './citi-helpers.js'
import { exchange, pkcePair, PUBLIC_CLIENT, signIn } from './oauth-helpers.js'

const HOST = 'sandbox.example:8080'
const ORIGIN = `http://${HOST}`

/** RFC 8414 §2 and §3.3: the fields a document must have, and the issuer it must name. */
function checkRfc8414 (t: Test, doc: Record<string, unknown>, issuer: string): void {
  t.equal(doc.issuer, issuer, 'issuer is the one the well-known URI was formed from (§3.3)')
  const url = new URL(String(doc.issuer))
  t.equal(url.search + url.hash, '', 'issuer has no query or fragment (§2)')
  t.ok(Array.isArray(doc.response_types_supported), 'response_types_supported is REQUIRED (§2)')
  const grants = doc.grant_types_supported as string[]
  if (grants.includes('authorization_code')) t.type(doc.authorization_endpoint, 'string', 'authorization_endpoint is REQUIRED with a grant that uses it (§2)')
  t.type(doc.token_endpoint, 'string', 'token_endpoint is REQUIRED unless only implicit (§2)')
  for (const field of ['authorization_endpoint', 'token_endpoint', 'revocation_endpoint']) {
    if (doc[field] !== undefined) t.match(String(doc[field]), /^http:\/\//, `${field} is a URL`)
  }
}

async function metadata (s: TestSandbox, api: string) {
  return s.inject({ url: `/.well-known/oauth-authorization-server/${api}`, headers: { host: HOST } })
}

t.test("Citi's metadata lists its real endpoints, grants, scopes and PKCE methods", async (t) => {
  const s = await sandbox(t)
  const res = await metadata(s, 'citi')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^application\/json/)
  const doc = res.json()
  checkRfc8414(t, doc, `${ORIGIN}/citi`)
  t.same(doc, {
    issuer: `${ORIGIN}/citi`,
    authorization_endpoint: `${ORIGIN}/authCode/oauth2/authorize`,
    token_endpoint: `${ORIGIN}/authCode/oauth2/token/au/gcb`,
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'none'],
    token_endpoints_by_grant_type: {
      client_credentials: `${ORIGIN}/clientCredentials/oauth2/token/au/gcb`,
      authorization_code: `${ORIGIN}/authCode/oauth2/token/au/gcb`,
      refresh_token: `${ORIGIN}/authCode/oauth2/refresh`,
    },
    grant_types_supported: ['client_credentials', 'authorization_code', 'refresh_token'],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    scopes_supported: ['/api', 'customers_profiles', 'customers_alerts', 'offers', 'cards'],
    revocation_endpoint: `${ORIGIN}/authCode/oauth2/revoke`,
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'none'],
    code_challenge_methods_supported: ['S256', 'plain'],
  })
})

t.test("Asseco's metadata: client credentials only, Basic or form credentials", async (t) => {
  const s = await sandbox(t)
  const res = await metadata(s, 'asseco')
  t.equal(res.statusCode, 200)
  const doc = res.json()
  checkRfc8414(t, doc, `${ORIGIN}/asseco`)
  t.same(doc, {
    issuer: `${ORIGIN}/asseco`,
    token_endpoint: `${ORIGIN}/v1/authentication/connect/token`,
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    token_endpoints_by_grant_type: { client_credentials: `${ORIGIN}/v1/authentication/connect/token` },
    grant_types_supported: ['client_credentials'],
    response_types_supported: [],
    scopes_supported: ['party-profile'],
  })
})

t.test('the endpoints it names work: a public client follows the document to a token', async (t) => {
  const s = await sandbox(t)
  const doc = (await s.inject({ url: '/.well-known/oauth-authorization-server/citi' })).json()
  const path = (url: string) => new URL(url).pathname
  const { verifier, challenge } = pkcePair()
  const method = doc.code_challenge_methods_supported[0]
  t.equal(method, 'S256')
  const request = { response_type: 'code', client_id: PUBLIC_CLIENT, scope: 'customers_profiles', redirect_uri: 'http://127.0.0.1:4000/callback', state: 's1', code_challenge: challenge, code_challenge_method: method }
  t.equal(path(doc.authorization_endpoint), '/authCode/oauth2/authorize')
  const code = (await signIn(t, s, request)).get('code')!
  const res = await exchange(s, code, { client: PUBLIC_CLIENT, public: true, verifier, redirect: request.redirect_uri })
  t.equal(res.statusCode, 200)
  const token = res.json().access_token
  t.equal((await s.inject({ url: '/v1/customers/profiles/basic', headers: citiHeaders(token, PUBLIC_CLIENT) })).statusCode, 200)
  const revoke = await s.inject({ method: 'POST', url: path(doc.revocation_endpoint), headers: FORM, payload: `token=${token}&client_id=${PUBLIC_CLIENT}` })
  t.equal(revoke.statusCode, 200)
  t.equal((await s.inject({ url: '/v1/customers/profiles/basic', headers: citiHeaders(token, PUBLIC_CLIENT) })).statusCode, 401, 'revoked')
})

t.test('the bare well-known path names each API\'s document; an API without OAuth has none', async (t) => {
  const s = await sandbox(t)
  const bare = await s.inject({ url: '/.well-known/oauth-authorization-server' })
  t.equal(bare.statusCode, 404)
  t.match(bare.body, '/.well-known/oauth-authorization-server/asseco')
  t.match(bare.body, '/.well-known/oauth-authorization-server/citi')
  const wm = await s.inject({ url: '/.well-known/oauth-authorization-server/wm' })
  t.equal(wm.statusCode, 404)
  t.match(wm.body, 'no API is served at /.well-known/oauth-authorization-server/wm')
})
