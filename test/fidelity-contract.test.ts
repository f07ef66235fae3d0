// Issue 14: contract mode checks the handler's value before the serializer can hide a mistake,
// and every fixture record against its schema at boot.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyReply, FastifyRequest } from 'fastify'
import t from 'tap'
import { contractHooks, type ContractViolation } from '../src/engine/contract.js'
import type { RouteRow } from '../src/spec/compile.js'
import { buildServer } from '../src/server.js'

const ROW = {
  operationId: 'getThing',
  responses: new Map([[200, { type: 'object', required: ['id'], properties: { id: { type: 'string' } } }]]),
  responseTypes: new Map([[200, ['application/json']]]),
} as unknown as RouteRow
const request = { method: 'GET', url: '/thing' } as unknown as FastifyRequest

/** Runs both hooks on one reply: the handler's value, then the bytes the serializer made of it. */
function respond (value: unknown, sent: string): ContractViolation[] {
  const violations: ContractViolation[] = []
  const hooks = contractHooks((v) => { violations.push(v) })(ROW)
  const reply = { statusCode: 200, getHeader: () => 'application/json; charset=utf-8' } as unknown as FastifyReply
  hooks.preSerialization.call(undefined as never, request, reply, value, () => {})
  hooks.onSend.call(undefined as never, request, reply, sent, () => {})
  return violations
}

t.test("a number where the spec wants a string is caught in the handler's value, though the serializer makes it a string", async (t) => {
  const violations = respond({ id: 5 }, '{"id":"5"}')
  t.match(violations, [
    { operationId: 'getThing', status: 200, message: "status 200 handler's value /id must be string" },
    { operationId: 'getThing', status: 200, message: "status 200 the serializer changed the handler's value at /id (a field the schema does not declare, or of another type)" },
  ])
  t.equal(violations.length, 2)
})

t.test('a field the serializer drops is caught', async (t) => {
  t.match(respond({ id: 'a', secret: 'x' }, '{"id":"a"}'), [
    { message: "status 200 the serializer changed the handler's value at /secret (a field the schema does not declare, or of another type)" },
  ])
  t.same(respond({ id: 'a' }, '{"id":"a"}'), [], 'a faithful answer is no violation')
})

t.test('in contract mode a fixture record its schema does not allow stops the boot, naming it', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'fixtures-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  await cp(fileURLToPath(new URL('../fixtures', import.meta.url)), dir, { recursive: true })
  const file = join(dir, 'asseco', 'data', 'contact-preferences.json')
  const records = JSON.parse(await readFile(file, 'utf8')) as Record<string, Record<string, unknown>>
  records['7d2e9b40-61a8-4f0e-b6d5-2a9c4e3f8b22']!['arrangement-number'] = null
  await writeFile(file, JSON.stringify(records))
  await t.rejects(buildServer({ inMemory: true, logLevel: 'silent', contract: true, fixturesDir: dir }), {
    message: "fixtures/asseco/data/contact-preferences.json: record '7d2e9b40-61a8-4f0e-b6d5-2a9c4e3f8b22' does not match ContactPreference of asseco-party-profile.yaml: /arrangement-number must be string",
  })
  const lenient = await buildServer({ inMemory: true, logLevel: 'silent', contract: false, fixturesDir: dir })
  t.teardown(() => lenient.close())
  t.equal((await lenient.inject({ url: '/__sandbox/health' })).statusCode, 200, 'outside contract mode the data is served as it is')
})

t.test('the bundled fixtures all match their schemas', async (t) => {
  const app = await buildServer({ inMemory: true, logLevel: 'silent', contract: true })
  t.teardown(() => app.close())
  const res = await app.inject({ url: '/__sandbox/health' })
  t.equal(res.statusCode, 200)
  t.equal(res.json().status, 'ok')
})
