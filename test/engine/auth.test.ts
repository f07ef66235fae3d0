import t from 'tap'
import type { FastifyRequest } from 'fastify'
import { compileSecurity } from '../../src/auth/authenticate.js'
import { schemeChecker } from '../../src/auth/schemes.js'
import { Problem } from '../../src/engine/problems.js'

const request = (headers: Record<string, string>, query: Record<string, string> = {}) =>
  ({ headers, query }) as unknown as FastifyRequest

const basicChecker = schemeChecker('basicAuth', { type: 'http', scheme: 'basic' }, [
  { username: 'ann', password: 'pw:with:colons', tenant: 'ann' },
])
const keyChecker = schemeChecker('key', { type: 'apiKey', in: 'header', name: 'X-Key' }, [{ key: 'k1', tenant: 't1' }])
const queryChecker = schemeChecker('q', { type: 'apiKey', in: 'query', name: 'api_key' }, [{ key: 'k2', tenant: 't2' }])

function problemOf (fn: () => unknown): Problem | undefined {
  try { fn() } catch (err) { return err as Problem }
  return undefined
}

t.test('Basic credentials of a registered user select its tenant (password may hold colons)', async (t) => {
  const auth = 'Basic ' + Buffer.from('ann:pw:with:colons').toString('base64')
  t.equal(basicChecker.check(request({ authorization: auth })), 'ann')
  t.equal(basicChecker.check(request({ authorization: auth.replace('Basic', 'basic') })), 'ann', 'the scheme word is case-insensitive')
})

t.test('wrong Basic credentials are bad-credentials problems naming Authorization', async (t) => {
  for (const value of ['Basic ' + Buffer.from('ann:nope').toString('base64'), 'Basic !!!', 'Token abc', 'Basic ' + Buffer.from('bob:pw').toString('base64')]) {
    const problem = problemOf(() => basicChecker.check(request({ authorization: value })))
    t.equal(problem?.kind, 'bad-credentials', value)
    t.same(problem?.field, { in: 'header', name: 'Authorization' })
  }
})

t.test('API keys in a header or the query select their tenant', async (t) => {
  t.equal(keyChecker.check(request({ 'x-key': 'k1' })), 't1')
  t.equal(queryChecker.check(request({}, { api_key: 'k2' })), 't2')
  t.equal(problemOf(() => keyChecker.check(request({ 'x-key': 'k2' })))?.kind, 'bad-credentials')
  t.equal(problemOf(() => queryChecker.check(request({}, { api_key: 'k1' })))?.message, "query 'api_key' is not a registered sandbox key")
})

t.test('compiled security: the first present alternative decides; none present is missing-credentials', async (t) => {
  const checkers = new Map([['basicAuth', basicChecker], ['key', keyChecker]])
  const auth = compileSecurity([{ basicAuth: [] }, { key: [] }], checkers, 'default', 'op')!
  t.equal(auth(request({ 'x-key': 'k1' })), 't1')
  const missing = problemOf(() => auth(request({})))
  t.equal(missing?.kind, 'missing-credentials')
  t.equal(missing?.message, "header 'Authorization' is required")
})

t.test('an empty requirement makes credentials optional; none at all means no check', async (t) => {
  const checkers = new Map([['key', keyChecker]])
  const auth = compileSecurity([{ key: [] }, {}], checkers, 'default', 'op')!
  t.equal(auth(request({})), 'default')
  t.equal(auth(request({ 'x-key': 'k1' })), 't1')
  t.equal(problemOf(() => auth(request({ 'x-key': 'bad' })))?.kind, 'bad-credentials', 'a wrong credential is still refused')
  t.equal(compileSecurity([], checkers, 'default', 'op'), undefined)
})

t.test('requirements naming undefined or combined schemes fail at boot', async (t) => {
  t.throws(() => compileSecurity([{ nope: [] }], new Map(), 'default', 'op1'), /op1: security scheme nope is not defined/)
  t.throws(() => compileSecurity([{ a: [], b: [] }], new Map(), 'default', 'op2'), /op2: a security requirement combining a and b is not supported/)
})
