import t from 'tap'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { filePersistence, memoryPersistence, overlayFileName } from '../../src/store/overlay.js'
import { ApiStore } from '../../src/store/store.js'

const base = () => new Map([['customers', new Map<string, unknown>([
  ['1', Object.freeze({ name: 'one' })],
  ['2', Object.freeze({ name: 'two' })],
])]])

t.test('reads come from the base until a tenant changes them', async (t) => {
  const store = new ApiStore(base(), memoryPersistence())
  const data = await store.tenant('api:a')
  t.same(data.get('customers', '1'), { name: 'one' })
  t.equal(data.get('customers', '9'), undefined, 'absent is undefined')
  t.equal(data.get('nothing', '1'), undefined, 'an unknown collection is empty')
  await data.put('customers', '1', { name: 'uno' })
  await data.put('customers', '3', { name: 'three' })
  t.same(data.get('customers', '1'), { name: 'uno' })
  t.same(data.list('customers'), [{ name: 'two' }, { name: 'uno' }, { name: 'three' }])
  t.same(store.base.get('customers')?.get('1'), { name: 'one' }, 'the base is unchanged')
})

t.test('a deletion hides the base record for that tenant only', async (t) => {
  const store = new ApiStore(base(), memoryPersistence())
  const a = await store.tenant('api:a')
  const b = await store.tenant('api:b')
  t.equal(await a.remove('customers', '2'), true)
  t.equal(await a.remove('customers', '2'), false, 'a second delete finds nothing')
  t.equal(a.get('customers', '2'), undefined)
  t.same(a.list('customers'), [{ name: 'one' }])
  t.same(b.get('customers', '2'), { name: 'two' }, 'the other tenant still sees it')
})

t.test('one tenant\'s writes never show for another', async (t) => {
  const store = new ApiStore(base(), memoryPersistence())
  await (await store.tenant('api:a')).put('customers', '5', { name: 'five' })
  t.equal((await store.tenant('api:b')).get('customers', '5'), undefined)
})

t.test('counters allocate per tenant from their start', async (t) => {
  const store = new ApiStore(base(), memoryPersistence())
  const a = await store.tenant('api:a')
  t.equal(a.allocate('ticket', 456), 456)
  t.equal(a.allocate('ticket', 456), 457)
  t.equal((await store.tenant('api:b')).allocate('ticket', 456), 456)
})

t.test('tenant files are named by a hash, written before the write resolves, and read back', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-store-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const store = new ApiStore(base(), filePersistence(dir))
  const data = await store.tenant('api:secret-tenant')
  data.allocate('ticket', 1)
  await data.put('customers', '7', { name: 'seven' })
  await data.remove('customers', '1')
  const files = await readdir(dir)
  t.same(files, [overlayFileName('api:secret-tenant')])
  t.match(files[0], /^[0-9a-f]{32}\.json$/)
  t.notOk(files[0]!.includes('secret'), 'the tenant id is not in the file name')
  t.same(JSON.parse(await readFile(join(dir, files[0]!), 'utf8')), {
    records: { customers: { 7: { name: 'seven' }, 1: null } },
    counters: { ticket: 1 },
  })
  const restarted = await new ApiStore(base(), filePersistence(dir)).tenant('api:secret-tenant')
  t.same(restarted.get('customers', '7'), { name: 'seven' })
  t.equal(restarted.get('customers', '1'), undefined)
  t.equal(restarted.allocate('ticket', 1), 2)
})

t.test('concurrent writes to one tenant are all kept', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-store-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const data = await new ApiStore(base(), filePersistence(dir)).tenant('api:a')
  await Promise.all(Array.from({ length: 50 }, (_, i) => data.put('customers', `n${i}`, { i })))
  const restarted = await new ApiStore(base(), filePersistence(dir)).tenant('api:a')
  t.equal(restarted.list('customers').length, 52)
  t.same(await readdir(dir), [overlayFileName('api:a')], 'no temporary file is left behind')
})

t.test('a tenant is opened once however many requests ask at once', async (t) => {
  let opens = 0
  const memory = memoryPersistence()
  const store = new ApiStore(base(), { ...memory, open: async (id) => { opens++; return memory.open(id) } })
  const views = await Promise.all([store.tenant('api:a'), store.tenant('api:a'), store.tenant('api:a')])
  t.equal(opens, 1)
  t.equal(views[0], views[2])
})
