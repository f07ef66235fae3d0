import t from 'tap'
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { defaultOptions } from '../src/server.js'
import { serveWatching, type Watching } from '../src/watch.js'
import { BYO, PETSTORE } from './byo-helpers.js'
import { request } from './http-helpers.js'

const ALICE = { 'x-api-key': 'alice' }

/** Waits until the watcher has made `count` reload attempts (file events settle, then a build). */
async function reloaded (watching: Watching, count: number): Promise<void> {
  for (let i = 0; i < 300 && watching.reloads < count; i++) await sleep(50)
  if (watching.reloads < count) throw new Error(`no reload after 15 s (${watching.reloads} of ${count})`)
}

t.test('--watch: a changed spec is served at once, tenant data and a request in flight survive, a broken spec keeps the last good one', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'byo-watch-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const spec = join(dir, 'petstore.yaml')
  await copyFile(PETSTORE, spec)
  const watching = await serveWatching({ ...defaultOptions, specsDir: dir, fixturesDir: `${BYO}no-fixtures`, inMemory: true, logLevel: 'silent' }, { port: 0, host: '127.0.0.1' })
  t.teardown(() => watching.close())
  const call = (method: string, path: string, options: { headers?: Record<string, string>, body?: unknown } = {}) =>
    request(watching.url, method, path, { ...options, headers: { ...ALICE, ...options.headers } })

  const created = await call('POST', '/pets', { body: { name: 'Survivor' } })
  t.equal(created.status, 201)
  t.same(created.body, { id: 4, name: 'Survivor' })
  t.equal((await call('GET', '/pets?limit=50')).status, 200, 'limit may be up to 100')

  // A slow request in flight while the spec changes: it finishes on the instance it started on.
  const slow = call('GET', '/pets/4', { headers: { prefer: 'delay=1500' } })
  await sleep(100)
  const text = await readFile(spec, 'utf8')
  await writeFile(spec, text.replace('schema: { type: integer, minimum: 1, maximum: 100 }', 'schema: { type: integer, minimum: 1, maximum: 10 }'))
  await reloaded(watching, 1)
  t.equal(watching.lastError, undefined)
  const answered = await slow
  t.equal(answered.status, 200, 'the request in flight was answered')
  t.same(answered.body, { id: 4, name: 'Survivor' })

  const limited = await call('GET', '/pets?limit=50')
  t.equal(limited.status, 400, 'the new spec is served')
  t.same(limited.body, { status: 400, code: 'invalid-parameter', message: "query parameter 'limit' must be <= 10", field: 'limit' })
  t.same((await call('GET', '/pets/4')).body, { id: 4, name: 'Survivor' }, 'the tenant\'s data survived the reload')
  t.equal((await call('GET', '/pets/4', { headers: { 'x-api-key': 'bob' } })).status, 404, 'and is still its own')

  await writeFile(spec, 'openapi: 3.0.3\ninfo: [broken\n')
  await reloaded(watching, 2)
  t.match(watching.lastError, /cannot be read as YAML/, 'the failed reload is reported')
  t.equal((await call('GET', '/pets?limit=50')).status, 400, 'the last good spec still serves')
  t.equal((await call('GET', '/pets/4')).status, 200)

  await writeFile(spec, text)
  await reloaded(watching, 3)
  t.equal((await call('GET', '/pets?limit=50')).status, 200, 'the spec back as it was')
  t.same((await call('GET', '/pets/4')).body, { id: 4, name: 'Survivor' })
})

t.test('--watch reloads behaviours: a changed module serves the next request', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'byo-watch-behaviours-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const module = join(dir, 'petstore.mjs')
  await writeFile(module, 'export default { getPet: () => () => ({ id: 1, name: "first" }) }\n')
  const watching = await serveWatching({ ...defaultOptions, specsDir: PETSTORE, behavioursDir: dir, fixturesDir: `${BYO}no-fixtures`, inMemory: true, logLevel: 'silent' }, { port: 0, host: '127.0.0.1' })
  t.teardown(() => watching.close())
  t.same((await request(watching.url, 'GET', '/pets/1', { headers: ALICE })).body, { id: 1, name: 'first' })
  await writeFile(module, 'export default { getPet: () => () => ({ id: 1, name: "second" }) }\n')
  await reloaded(watching, 1)
  t.same((await request(watching.url, 'GET', '/pets/1', { headers: ALICE })).body, { id: 1, name: 'second' })
})
