import t from 'tap'
import type { FastifyRequest } from 'fastify'
import { compileSecurity } from '../../src/auth/authenticate.js'
import { parseBasic } from '../../src/auth/basic-header.js'
import { ClientRegistry } from '../../src/auth/clients.js'
import { schemeChecker } from '../../src/auth/schemes.js'
import { TokenStore } from '../../src/auth/tokens.js'
import { Problem } from '../../src/engine/problems.js'

let now = 1_000_000
const tokens = new TokenStore(() => now)
const context = { tokens }

const request = (headers: Record<string, string>, query: Record<string, string> = {}) =>
  ({ headers, query }) as unknown as FastifyRequest

const basicChecker = schemeChecker('basicAuth', { type: 'http', scheme: 'basic' }, [
  { username: 'ann', password: 'pw:with:colons', tenant: 'ann' },
], context)
const keyChecker = schemeChecker('key', { type: 'apiKey', in: 'header', name: 'X-Key' }, [{ key: 'k1', tenant: 't1' }], context)
const queryChecker = schemeChecker('q', { type: 'apiKey', in: 'query', name: 'api_key' }, [{ key: 'k2', tenant: 't2' }], context)

function problemOf (fn: () => unknown): Problem | undefined {
  try { fn() } catch (err) { return err as Problem }
  return undefined
}

t.test('Basic credentials of a registered user select its tenant (password may hold colons)', async (t) => {
  const auth = 'Basic ' + Buffer.from('ann:pw:with:colons').toString('base64')
  t.same(basicChecker.check(request({ authorization: auth }), []), { tenant: 'ann' })
  t.same(basicChecker.check(request({ authorization: auth.replace('Basic', 'basic') }), []), { tenant: 'ann' }, 'the scheme word is case-insensitive')
})

t.test('wrong Basic credentials are bad-credentials problems naming Authorization', async (t) => {
  for (const value of ['Basic ' + Buffer.from('ann:nope').toString('base64'), 'Basic !!!', 'Token abc', 'Basic ' + Buffer.from('bob:pw').toString('base64')]) {
    const problem = problemOf(() => basicChecker.check(request({ authorization: value }), []))
    t.equal(problem?.kind, 'bad-credentials', value)
    t.same(problem?.field, { in: 'header', name: 'Authorization' })
  }
})

t.test('API keys in a header or the query select their tenant', async (t) => {
  t.same(keyChecker.check(request({ 'x-key': 'k1' }), []), { tenant: 't1' })
  t.same(queryChecker.check(request({}, { api_key: 'k2' }), []), { tenant: 't2' })
  t.equal(problemOf(() => keyChecker.check(request({ 'x-key': 'k2' }), []))?.kind, 'bad-credentials')
  t.equal(problemOf(() => queryChecker.check(request({}, { api_key: 'k1' }), []))?.message, "query 'api_key' is not a registered sandbox key")
})

t.test('compiled security: the first present alternative decides; none present is missing-credentials', async (t) => {
  const checkers = new Map([['basicAuth', basicChecker], ['key', keyChecker]])
  const auth = compileSecurity([{ basicAuth: [] }, { key: [] }], checkers, 'default', 'op')!
  t.same(auth(request({ 'x-key': 'k1' })), { tenant: 't1' })
  const missing = problemOf(() => auth(request({})))
  t.equal(missing?.kind, 'missing-credentials')
  t.equal(missing?.message, "header 'Authorization' is required")
})

t.test('an empty requirement makes credentials optional; none at all means no check', async (t) => {
  const checkers = new Map([['key', keyChecker]])
  const auth = compileSecurity([{ key: [] }, {}], checkers, 'default', 'op')!
  t.same(auth(request({})), { tenant: 'default' })
  t.same(auth(request({ 'x-key': 'k1' })), { tenant: 't1' })
  t.equal(problemOf(() => auth(request({ 'x-key': 'bad' })))?.kind, 'bad-credentials', 'a wrong credential is still refused')
  t.equal(compileSecurity([], checkers, 'default', 'op'), undefined)
})

t.test('requirements naming undefined schemes fail at boot, combined ones too', async (t) => {
  t.throws(() => compileSecurity([{ nope: [] }], new Map(), 'default', 'op1'), /op1: security scheme nope is not defined/)
  t.throws(() => compileSecurity([{ a: [], b: [] }], new Map(), 'default', 'op2'), /op2: security scheme a is not defined/)
})

t.test('a requirement combining schemes (AND) needs every credential; its tenant is theirs together', async (t) => {
  const checkers = new Map([['key', keyChecker], ['query', queryChecker]])
  const auth = compileSecurity([{ key: [], query: [] }], checkers, 'default', 'op')!
  t.same(auth(request({ 'x-key': 'k1' }, { api_key: 'k2' })), { tenant: 't1+t2' })
  const half = problemOf(() => auth(request({ 'x-key': 'k1' })))
  t.equal(half?.kind, 'missing-credentials')
  t.equal(half?.message, "query 'api_key' is required")
  t.equal(problemOf(() => auth(request({ 'x-key': 'k1' }, { api_key: 'k1' })))?.kind, 'bad-credentials', 'each credential is checked')
  t.equal(problemOf(() => auth(request({})))?.message, "header 'X-Key' is required")
})

const bearerChecker = schemeChecker('oauth', { type: 'oauth2' }, [], context)

t.test('a bearer token issued by the sandbox identifies client, tenant and customer', async (t) => {
  const token = tokens.issue('access', { clientId: 'c1', tenant: 'c1', subject: 'cust-9', scopes: ['profiles'] }, 60)
  t.same(bearerChecker.check(request({ authorization: `bearer ${token.value}` }), ['profiles']),
    { tenant: 'c1', clientId: 'c1', subject: 'cust-9', scopes: ['profiles'] }, 'the scheme word is case-insensitive')
})

t.test('bearer tokens that are unknown, expired, of another kind or short of a scope are refused', async (t) => {
  const token = tokens.issue('access', { clientId: 'c1', tenant: 'c1', scopes: ['profiles'] }, 60)
  const code = tokens.issue('code', { clientId: 'c1', tenant: 'c1', scopes: ['profiles'] }, 60)
  const check = (value: string, scopes: string[] = []) => problemOf(() => bearerChecker.check(request({ authorization: value }), scopes))
  t.match(check('Bearer nope'), { kind: 'bad-credentials', message: 'Authorization header does not hold an access token issued by the sandbox' })
  t.match(check(`Bearer ${code.value}`), { kind: 'bad-credentials' }, 'an authorization code is no access token')
  t.match(check(`Basic ${token.value}`), { kind: 'bad-credentials', message: 'Authorization header must be "Bearer <access token>"' })
  t.match(check(`Bearer ${token.value}`, ['alerts']), { kind: 'forbidden', message: 'the access token lacks the scope alerts' })
  now += 60_000
  t.match(check(`Bearer ${token.value}`), { kind: 'bad-credentials', message: 'the access token has expired; request a new one' })
})

t.test('tokens can be consumed once and revoked', async (t) => {
  const store = new TokenStore(() => 0)
  const code = store.issue('code', { clientId: 'c', tenant: 'c', scopes: [] }, 120)
  t.equal(store.consume('code', code.value).status, 'valid')
  t.equal(store.consume('code', code.value).status, 'unknown', 'a code works once')
  const access = store.issue('access', { clientId: 'c', tenant: 'c', scopes: [] }, 120)
  t.equal(store.revoke(access.value), true)
  t.equal(store.find('access', access.value).status, 'unknown')
  t.equal(store.revoke(access.value), false)
})

t.test('OAuth clients are verified by id and secret', async (t) => {
  const clients = new ClientRegistry({ oauth: [{ clientId: 'app', clientSecret: 's3cret', tenant: 'app', subject: 'c-1' }], other: [{ key: 'k', tenant: 'x' }] })
  t.match(clients.verify('app', 's3cret'), { clientId: 'app', tenant: 'app', subject: 'c-1', public: false })
  t.equal(clients.verify('app', 'wrong'), undefined)
  t.equal(clients.verify('nobody', 's3cret'), undefined)
  t.same(clients.get('app')?.subject, 'c-1')
  t.throws(() => new ClientRegistry({ oauth: [{ clientId: 'app', tenant: 'app' }] }), { message: 'credentials for oauth: client app needs a clientId and a clientSecret (a public client: a clientId and no secret)' })
  // A public client has no secret: it is known by id, never verified as if it had one.
  const open = new ClientRegistry({ oauth: [{ clientId: 'spa', tenant: 'spa', public: true, pkceMethods: ['S256'] }] })
  t.equal(open.verify('spa', ''), undefined)
  t.match(open.get('spa'), { clientId: 'spa', public: true, pkceMethods: ['S256'] })
  t.throws(() => new ClientRegistry({ oauth: [{ clientId: 'spa', tenant: 'spa', public: true, clientSecret: 'x' }] }), { message: 'credentials for oauth: client spa needs a clientId and a clientSecret (a public client: a clientId and no secret)' })
  t.throws(() => new ClientRegistry({ oauth: [{ clientId: 'spa', tenant: 'spa', public: true, pkceMethods: ['S512'] }] }), { message: 'credentials for oauth: client spa: pkceMethods must be a non-empty list of S256, plain' })
})

t.test('Basic header values are read as user and password (first colon splits; no colon: no password)', async (t) => {
  const b64 = (s: string) => Buffer.from(s).toString('base64')
  t.same(parseBasic(`Basic ${b64('ann:pa:ss')}`), { user: 'ann', password: 'pa:ss', colon: true })
  t.same(parseBasic(`basic   ${b64('ann:')} `), { user: 'ann', password: '', colon: true })
  t.same(parseBasic(`Basic ${b64('ann')}`), { user: 'ann', password: '', colon: false })
  t.equal(parseBasic('Bearer abc'), undefined)
  t.equal(parseBasic('Basic not*base64'), undefined)
  t.equal(parseBasic(''), undefined)
})
