import t from 'tap'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PETSTORE, byo, key } from './byo-helpers.js'

const ALICE = key('alice')
const BOB = key('bob')

t.test('the journal, reset and the tenant of each key work for an own API as for the built-in ones', async (t) => {
  const s = await byo(t, PETSTORE, { adminToken: 'test-admin-token' })
  await s.inject({ method: 'POST', url: '/pets', headers: ALICE, payload: { name: 'Kept?' } })
  await s.inject({ url: '/pets/1', headers: ALICE })
  await s.inject({ method: 'POST', url: '/pets', headers: BOB, payload: { name: 'Bob pet' } })
  const journal = await s.app.inject({ url: '/__sandbox/requests?api=petstore', headers: ALICE })
  t.equal(journal.statusCode, 200)
  const body = journal.json()
  t.equal(body.count, 2, 'alice sees her own two requests only')
  t.match(body.requests, [
    { method: 'POST', path: '/pets', api: 'petstore', operation: 'createPet', status: 201, body: { name: 'Kept?' } },
    { method: 'GET', path: '/pets/1', api: 'petstore', operation: 'getPet', status: 200 },
  ])
  t.match(body.requests[0].tenant, /^petstore:key-[0-9a-f]{16}$/, 'the tenant names a digest of the key, never the key')
  const reset = await s.app.inject({ method: 'POST', url: '/__sandbox/reset?api=petstore', headers: ALICE })
  t.equal(reset.statusCode, 200)
  t.same(reset.json(), { reset: [body.requests[0].tenant] })
  t.equal((await s.inject({ url: '/pets', headers: ALICE })).json().length, 3, 'alice is back to the seeded pets')
  t.equal((await s.inject({ url: '/pets/4', headers: BOB })).json().name, 'Bob pet', 'bob keeps his')
  const health = (await s.app.inject({ url: '/__sandbox/health' })).json()
  t.match(health.apis, [{ id: 'petstore', title: 'Pet Store' }])
})

t.test('Prefer forces a documented status in the spec\'s envelope, a named example, or a generated body', async (t) => {
  const s = await byo(t, PETSTORE)
  const forced = await s.inject({ url: '/pets/1', headers: { ...ALICE, prefer: 'code=500' } })
  t.equal(forced.statusCode, 500)
  t.same(forced.json(), { status: 500, code: 'server-error', message: 'forced by Prefer: code=500' })
  const missing = await s.inject({ url: '/pets/1', headers: { ...ALICE, prefer: 'code=404' } })
  t.same(missing.json(), { status: 404, code: 'not-found', message: 'forced by Prefer: code=404' })
  const example = await s.inject({ url: '/pets/1', headers: { ...ALICE, prefer: 'example=tom' } })
  t.equal(example.statusCode, 200)
  t.same(example.json(), { id: 2, name: 'Tom', tag: 'cat', age: 5 })
  const dynamic = await s.inject({ url: '/pets/1', headers: { ...ALICE, prefer: 'dynamic=true' } })
  t.equal(dynamic.statusCode, 200)
  t.type(dynamic.json().id, 'number', 'a body generated from the schema')
  const undocumented = await s.app.inject({ url: '/pets/1', headers: { ...ALICE, prefer: 'code=418' } })
  t.equal(undocumented.statusCode, 400)
  t.same(undocumented.json(), { status: 400, code: 'invalid-header', message: 'Prefer code=418 is not documented for getPet; documented: 200, 400, 401, 404, 500', field: 'Prefer' })
  const started = Date.now()
  t.equal((await s.inject({ url: '/pets/1', headers: { ...ALICE, prefer: 'delay=120' } })).statusCode, 200)
  t.ok(Date.now() - started >= 110, 'delay=120 waits')
})

t.test('scenarios (magic values) and per-operation latency apply to an own API', async (t) => {
  const fixtures = await mkdtemp(join(tmpdir(), 'byo-scenarios-'))
  t.teardown(() => rm(fixtures, { recursive: true, force: true }))
  await mkdir(join(fixtures, 'petstore'))
  await writeFile(join(fixtures, 'petstore', 'scenarios.json'), JSON.stringify([
    { operationId: 'getPet', trigger: { in: 'path', name: 'petId', value: '500' }, outcome: { problem: 'server-error', message: 'pet 500 always fails' } },
  ]))
  const s = await byo(t, PETSTORE, { fixturesDir: fixtures, latency: { operations: { 'petstore:listOwners': { min: 80, max: 80 } } } })
  const magic = await s.inject({ url: '/pets/500', headers: ALICE })
  t.equal(magic.statusCode, 500)
  t.same(magic.json(), { status: 500, code: 'server-error', message: 'pet 500 always fails' })
  const catalogue = (await s.app.inject({ url: '/__sandbox/scenarios' })).json().scenarios
  t.match(catalogue, [{ api: 'petstore', operationId: 'getPet', trigger: { in: 'path', name: 'petId', value: '500' } }])
  const started = Date.now()
  t.equal((await s.inject({ url: '/owners', headers: ALICE })).statusCode, 200)
  t.ok(Date.now() - started >= 75, 'the operation\'s latency applies')
})

t.test('/docs serves an own API\'s spec in the playground, with this sandbox as its server', async (t) => {
  const s = await byo(t, PETSTORE)
  const doc = await s.app.inject({ url: '/docs/petstore/openapi.json' })
  t.equal(doc.statusCode, 200)
  const spec = JSON.parse(doc.body)
  t.equal(spec.openapi, '3.0.3', 'the document as written')
  t.same(spec.servers, [{ url: '/', description: 'this sandbox (the address this page came from)' }])
  t.equal(spec.components.securitySchemes.apiKey.description, '**Sandbox**: any key works here; each one has a data set of its own.', 'the playground says any key works')
  const yaml = await s.app.inject({ url: '/docs/petstore.yaml' })
  t.equal(yaml.statusCode, 200)
  t.equal(yaml.body, await readFile(PETSTORE, 'utf8'), 'the YAML downloads byte for byte')
  const page = await s.app.inject({ url: '/docs' })
  t.equal(page.statusCode, 200)
  t.match(page.body, 'Pet Store')
})
