import t from 'tap'
import { memoryPersistence } from '../../src/store/persistence.js'
import { ApiStore } from '../../src/store/store.js'

const base = () => new Map([['customers', new Map<string, unknown>([['1', Object.freeze({ name: 'one' })]])]])

t.test('a collection\'s revision counts the tenant\'s committed changes to it, and only to it', async (t) => {
  const store = new ApiStore(base(), memoryPersistence())
  const a = await store.tenant('api:a')
  t.equal(a.revision('customers'), 0, 'untouched')
  await a.transact((tx) => tx.put('customers', '2', { name: 'two' }))
  t.equal(a.revision('customers'), 1)
  t.equal(await a.transact((tx) => tx.remove('customers', '1')), true)
  t.equal(a.revision('customers'), 2)
  t.equal(await a.transact((tx) => tx.remove('customers', '1')), false)
  t.equal(a.revision('customers'), 2, 'a delete that finds nothing changes nothing')
  t.equal(a.revision('orders'), 0, 'other collections keep theirs')
  t.equal((await store.tenant('api:b')).revision('customers'), 0, 'other tenants keep theirs')
  await a.transact((tx) => tx.allocate('customers', 1))
  t.equal(a.revision('customers'), 2, 'allocating an id is no change of the records')
  await store.reset('api:a')
  t.equal(a.revision('customers'), 3, 'a reset changes every collection the tenant had changed')
  t.same(a.list('customers'), [{ name: 'one' }])
})
