import t from 'tap'
import { uuidSource } from '../../src/engine/uuid.js'

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

t.test('a seeded source answers version 4 UUIDs, the same sequence for the same seed', async (t) => {
  const a = uuidSource(7)
  const b = uuidSource(7)
  const first = Array.from({ length: 5000 }, () => a())
  t.same(Array.from({ length: 5000 }, () => b()), first, 'same seed, same sequence')
  t.equal(first.filter((u) => !V4.test(u)).length, 0, 'every one is a version 4 UUID')
  t.equal(new Set(first).size, first.length, 'no repeats')
  const variants = new Set(first.map((u) => u[19]))
  t.same([...variants].sort(), ['8', '9', 'a', 'b'], 'all four variant digits occur')
  t.not(uuidSource(8)(), first[0], 'another seed, another sequence')
})

t.test('without a seed the UUIDs are random', async (t) => {
  const source = uuidSource()
  const u = source()
  t.match(u, V4)
  t.not(source(), u)
})
