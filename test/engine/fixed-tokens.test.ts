import t from 'tap'
import type { FastifyRequest } from 'fastify'
import { compileSecurity } from '../../src/auth/authenticate.js'
import { schemeChecker } from '../../src/auth/schemes.js'
import { TokenStore } from '../../src/auth/tokens.js'
import type { Problem } from '../../src/engine/problems.js'

const tokens = new TokenStore(() => 0)
const request = (headers: Record<string, string>) => ({ headers, query: {} }) as unknown as FastifyRequest
const problemOf = (fn: () => unknown): Problem | undefined => {
  try { fn() } catch (err) { return err as Problem }
  return undefined
}

const checker = schemeChecker('bearerAuth', { type: 'http', scheme: 'bearer' }, [
  { token: 'demo-token', tenant: 'demo' },
  { token: 'scoped-token', tenant: 'scoped', scopes: ['read'] },
], { tokens })

t.test('a fixed bearer token from the credentials file selects its tenant', async (t) => {
  t.same(checker.check(request({ authorization: 'Bearer demo-token' }), []), { tenant: 'demo', scopes: [] })
  t.same(checker.check(request({ authorization: 'bearer scoped-token' }), ['read']), { tenant: 'scoped', scopes: ['read'] })
})

t.test('fixed tokens are checked for scopes; unknown ones are refused; issued tokens still work', async (t) => {
  t.match(problemOf(() => checker.check(request({ authorization: 'Bearer demo-token' }), ['read'])), { kind: 'forbidden', message: 'the token lacks the scope read' })
  t.match(problemOf(() => checker.check(request({ authorization: 'Bearer demo-token-x' }), [])), { kind: 'bad-credentials' })
  const issued = tokens.issue('access', { clientId: 'c', tenant: 'c', scopes: [] }, 60)
  t.same(checker.check(request({ authorization: `Bearer ${issued.value}` }), []), { tenant: 'c', clientId: 'c', scopes: [] })
})

t.test('optional bearer security: none is the default tenant, a fixed token its own, a wrong one a 401 problem', async (t) => {
  const auth = compileSecurity([{}, { bearerAuth: [] }], new Map([['bearerAuth', checker]]), 'default', 'op')!
  t.same(auth(request({})), { tenant: 'default' })
  t.same(auth(request({ authorization: 'Bearer demo-token' })), { tenant: 'demo', scopes: [] })
  t.equal(problemOf(() => auth(request({ authorization: 'Bearer nope' })))?.kind, 'bad-credentials')
})

t.test('a credential entry with an empty token fails at boot', async (t) => {
  t.throws(() => schemeChecker('bearerAuth', { type: 'http', scheme: 'bearer' }, [{ token: '', tenant: 'x' }], { tokens }),
    /credentials for bearerAuth: token must be a non-empty string/)
})
