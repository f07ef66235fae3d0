import t from 'tap'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { schemeChecker } from '../../src/auth/schemes.js'
import { TokenStore } from '../../src/auth/tokens.js'
import { contractHooks, type ContractViolation } from '../../src/engine/contract.js'
import type { Problem } from '../../src/engine/problems.js'
import { validationProblem } from '../../src/engine/validation.js'
import { wholeExtension } from '../../src/engine/extensions.js'
import { nextId } from '../../src/store/ids.js'
import { compileApi, type RouteRow } from '../../src/spec/compile.js'

const tokens = new TokenStore(() => 0)
const request = (headers: Record<string, string>) => ({ headers, query: {} }) as unknown as FastifyRequest
function problemOf (fn: () => unknown): Problem | undefined {
  try { fn() } catch (err) { return err as Problem }
  return undefined
}

t.test('x-sandbox-client-header: the header must name the token\'s client', async (t) => {
  const checker = schemeChecker('oauth', { type: 'oauth2', 'x-sandbox-client-header': 'client_id' }, [], { tokens })
  const token = tokens.issue('access', { clientId: 'app', tenant: 'app', scopes: [] }, 60)
  const auth = `Bearer ${token.value}`
  t.same(checker.check(request({ authorization: auth, client_id: 'app' }), []), { tenant: 'app', clientId: 'app', scopes: [] })
  t.match(problemOf(() => checker.check(request({ authorization: auth }), [])), { kind: 'missing-header', message: "header 'client_id' is required", field: { in: 'header', name: 'client_id' } })
  t.match(problemOf(() => checker.check(request({ authorization: auth, client_id: 'other' }), [])), { kind: 'bad-credentials', field: { name: 'client_id' } })
  t.throws(() => schemeChecker('oauth', { type: 'oauth2', 'x-sandbox-client-header': 7 }, [], { tokens }), /x-sandbox-client-header must be a header name/)
})

t.test('a Basic scheme authenticates OAuth clients by id and secret, and says so when they are wrong', async (t) => {
  const checker = schemeChecker('client', { type: 'http', scheme: 'basic' }, [{ clientId: 'app', clientSecret: 's3cret', tenant: 'app-tenant' }], { tokens })
  const basic = (pair: string) => 'Basic ' + Buffer.from(pair).toString('base64')
  t.same(checker.check(request({ authorization: basic('app:s3cret') }), []), { tenant: 'app-tenant', clientId: 'app' })
  const problem = problemOf(() => checker.check(request({ authorization: basic('app:nope') }), []))
  t.equal(problem?.kind, 'bad-credentials')
  t.equal(problem?.message, 'Authorization header does not hold a registered sandbox client id and secret')
})

const reply = (statusCode: number, type: string) => ({ statusCode, getHeader: () => type }) as unknown as FastifyReply

t.test('contract mode checks documented non-JSON bodies by media type', async (t) => {
  const violations: ContractViolation[] = []
  const row = { operationId: 'page', responses: new Map([[200, null], [302, null]]), responseTypes: new Map([[200, ['text/html']], [302, []]]) } as unknown as RouteRow
  const hook = contractHooks((v) => { violations.push(v) })(row).onSend
  const run = (status: number, type: string, payload: string) => hook.call(undefined as never, request({}), reply(status, type), payload, () => {})
  run(200, 'text/html; charset=utf-8', '<html></html>')
  run(302, '', '')
  t.same(violations, [])
  run(200, 'text/plain', 'hi')
  run(302, 'text/html', '<p>moved</p>')
  t.match(violations, [{ status: 200, message: 'status 200 body is text/plain, not text/html' }, { status: 302, message: 'status 302 is documented without a body' }])
})

t.test('x-sandbox-invalid-message replaces the validator\'s words for a bad value, not for a missing one', async (t) => {
  const row = { parameters: { header: { uuid: { name: 'uuid', invalidMessage: 'must be a UUID' } } } } as unknown as RouteRow
  const bad = validationProblem([{ keyword: 'format', instancePath: '/uuid', schemaPath: '', params: {}, message: 'must match format "uuid"' }], 'headers', row)
  t.equal(bad.message, "header 'uuid' must be a UUID")
  const missing = validationProblem([{ keyword: 'required', instancePath: '', schemaPath: '', params: { missingProperty: 'uuid' }, message: '' }], 'headers', row)
  t.equal(missing.message, "header 'uuid' is required")
})

t.test('a JSON body schema beside raw media types is keyed by media type, so raw bodies skip it', async (t) => {
  const spec = (content: Record<string, unknown>) => ({
    file: 'x.yaml',
    text: '',
    raw: {} as never,
    doc: {
      openapi: '3.1.0',
      info: { title: 'X', version: '1' },
      'x-sandbox': { id: 'x', dialect: 'wm' },
      paths: { '/x': { put: { operationId: 'p', 'x-sandbox-handler': 'get', requestBody: { content }, responses: { 200: { description: 'ok' } } } } },
    } as never,
  })
  const object = { type: 'object' }
  t.same(compileApi(spec({ 'application/json': { schema: object } })).rows[0]!.schema.body, object)
  t.same(compileApi(spec({ 'application/json': { schema: object }, 'image/png': {} })).rows[0]!.schema.body, { content: { 'application/json': { schema: object } } })
})

t.test('a whole-number extension: the value, else the fallback; anything but a whole number from 1 fails the boot naming it', async (t) => {
  const row = (value: unknown) => ({ operationId: 'putImage', api: { spec: { file: 'x.yaml' } }, operation: value === undefined ? {} : { 'x-sandbox-image-max-bytes': value } }) as unknown as RouteRow
  t.equal(wholeExtension(row(2048), 'x-sandbox-image-max-bytes', 10, 'bytes'), 2048)
  t.equal(wholeExtension(row(undefined), 'x-sandbox-image-max-bytes', 10, 'bytes'), 10)
  for (const bad of [0, -3, 1.5, '2048', null]) {
    t.throws(() => wholeExtension(row(bad), 'x-sandbox-image-max-bytes', 10, 'bytes'),
      { message: 'spec x.yaml: putImage: x-sandbox-image-max-bytes must be a whole number of bytes, at least 1' }, String(bad))
  }
})

t.test('the next id is one past the highest; 1 for none; ids that are not numbers are passed over', async (t) => {
  t.equal(nextId([3, 12, 7]), 13)
  t.equal(nextId([]), 1)
  t.equal(nextId([Number('x'), 4]), 5)
  t.equal(nextId(new Set([200, 201])), 202)
})
