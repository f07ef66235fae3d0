import t from 'tap'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BYO, bearer, byo } from './byo-helpers.js'

const SHOP = `${BYO}shop/shop.yaml`
const BEHAVIOURS = `${BYO}shop/behaviours`
const AUTH = bearer('shopper')

t.test('x-sandbox-collection and x-sandbox-id name the collection and the id field; x-sandbox.count the starting records', async (t) => {
  const s = await byo(t, SHOP, { behavioursDir: BEHAVIOURS })
  const start = (await s.inject({ url: '/items', headers: AUTH })).json()
  t.equal(start.length, 1, 'x-sandbox.count: 1')
  const added = await s.inject({ method: 'POST', url: '/items', headers: AUTH, payload: { sku: 'B7', name: 'Bolt', stock: 2 } })
  t.equal(added.statusCode, 201)
  t.same(added.json(), { sku: 'B7', name: 'Bolt', stock: 2 })
  t.same((await s.inject({ url: '/items/B7', headers: AUTH })).json(), { sku: 'B7', name: 'Bolt', stock: 2 }, 'the path parameter {ref} reads the sku')
  const twice = await s.inject({ method: 'POST', url: '/items', headers: AUTH, payload: { sku: 'B7', name: 'Bolt', stock: 2 } })
  t.equal(twice.statusCode, 409)
  t.same(twice.json(), { text: "item 'B7' already exists", kind: 'conflict', http: 409 })
})

t.test('x-sandbox.errors: the error schema, its fields and the statuses named in the spec', async (t) => {
  const s = await byo(t, SHOP, { behavioursDir: BEHAVIOURS })
  const invalid = await s.inject({ method: 'POST', url: '/items', headers: AUTH, payload: { sku: 'lower', name: 'x', stock: 1 } })
  t.equal(invalid.statusCode, 422, 'invalid-body: 422')
  t.same(invalid.json(), { text: 'body field \'/sku\' must match pattern "^[A-Z][0-9]+$"', kind: 'invalid-body', http: 422 })
  const absent = await s.inject({ url: '/items/Z9', headers: AUTH })
  t.same(absent.json(), { text: "item 'Z9' not found", kind: 'not-found', http: 404 })
  const none = await s.inject({ url: '/items' })
  t.same(none.json(), { text: "header 'Authorization' is required", kind: 'missing-credentials', http: 401 })
})

t.test('--behaviours: a module\'s handlers serve an x-sandbox-handler name and an operationId, over the caller\'s data', async (t) => {
  const s = await byo(t, SHOP, { behavioursDir: BEHAVIOURS })
  await s.inject({ method: 'POST', url: '/items', headers: AUTH, payload: { sku: 'N1', name: 'Nut', stock: 3 } })
  const restocked = await s.inject({ method: 'POST', url: '/items/N1/restock', headers: AUTH, payload: { amount: 4 } })
  t.equal(restocked.statusCode, 200)
  t.same(restocked.json(), { sku: 'N1', name: 'Nut', stock: 7 })
  t.same((await s.inject({ url: '/items/N1', headers: AUTH })).json().stock, 7, 'the write is kept')
  const missing = await s.inject({ method: 'POST', url: '/items/Q1/restock', headers: AUTH, payload: { amount: 1 } })
  t.equal(missing.statusCode, 404)
  t.same(missing.json(), { text: "item 'Q1' not found", kind: 'not-found', http: 404 })
  const seeded = (await s.inject({ url: '/items', headers: AUTH })).json()[0]
  const stats = await s.inject({ url: '/stats', headers: AUTH })
  t.same(stats.json(), { items: 2, stock: 7 + seeded.stock }, 'getStats is served by the module, not the example')
  t.same((await s.inject({ url: '/stats', headers: bearer('someone-else') })).json(), { items: 1, stock: seeded.stock }, 'over the caller\'s own data')
})

t.test('without the module, an operation with no handler answers its example; a custom name without one fails the boot', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'byo-behaviours-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  await t.rejects(byo(t, SHOP), /restockItem names x-sandbox-handler "restock", which is neither a behaviour of shop \(none\) nor a generic kind/)
  await writeFile(join(dir, 'shop.mjs'), 'export default { restock: () => () => null, nothing: () => () => null }\n')
  await t.rejects(byo(t, SHOP, { behavioursDir: dir }), /behaviours shop\.mjs: nothing is no operationId or x-sandbox-handler of shop/)
  await writeFile(join(dir, 'shop.mjs'), 'export default { restock: () => () => null }\n')
  await writeFile(join(dir, 'other.js'), 'export default {}\n')
  await t.rejects(byo(t, SHOP, { behavioursDir: dir }), /behaviours other\.js: no API has that id \(APIs: shop\)/)
  await rm(join(dir, 'other.js'))
  const s = await byo(t, SHOP, { behavioursDir: dir })
  t.same((await s.inject({ url: '/stats', headers: AUTH })).json(), { items: 0, stock: 0 }, 'getStats answers the documented example')
})
