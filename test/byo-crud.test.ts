import t from 'tap'
import { BYO, LIBRARY, PETSTORE, bearer, byo, key } from './byo-helpers.js'
import { UUID, basic } from './helpers.js'

const ALICE = key('alice-key')

t.test('an OpenAPI 3.0 spec with no sandbox extensions is served: pets start with its two examples and one generated pet', async (t) => {
  const s = await byo(t, PETSTORE)
  const list = await s.inject({ url: '/pets', headers: ALICE })
  t.equal(list.statusCode, 200)
  const pets = list.json()
  t.equal(pets.length, 3)
  t.same(pets.slice(0, 2), [{ id: 1, name: 'Rex', tag: 'dog', age: 3 }, { id: 2, name: 'Tom', tag: 'cat', age: 5 }], 'the examples first')
  t.equal(pets[2].id, 3, 'a generated pet gets the next integer id')
  t.equal(list.headers['x-total-count'], '3', 'the declared total header')
})

t.test('pets: create, read, patch, replace, delete (integer ids), each answer in the spec\'s shape', async (t) => {
  const s = await byo(t, PETSTORE)
  const created = await s.inject({ method: 'POST', url: '/pets', headers: ALICE, payload: { name: 'Bo', tag: null, age: 2 } })
  t.equal(created.statusCode, 201)
  t.same(created.json(), { id: 4, name: 'Bo', tag: null, age: 2 }, 'the next id after the seeded ones; nullable tag kept')
  t.same((await s.inject({ url: '/pets/4', headers: ALICE })).json(), { id: 4, name: 'Bo', tag: null, age: 2 })
  const patched = await s.inject({ method: 'PATCH', url: '/pets/4', headers: ALICE, payload: { age: 3, tag: 'dog' } })
  t.equal(patched.statusCode, 200)
  t.same(patched.json(), { id: 4, name: 'Bo', tag: 'dog', age: 3 }, 'only the fields sent change')
  const replaced = await s.inject({ method: 'PUT', url: '/pets/4', headers: ALICE, payload: { name: 'Bobby' } })
  t.same(replaced.json(), { id: 4, name: 'Bobby' }, 'PUT replaces the whole record, keeping its id')
  const removed = await s.inject({ method: 'DELETE', url: '/pets/4', headers: ALICE })
  t.equal(removed.statusCode, 204)
  t.equal(removed.body, '')
  const gone = await s.inject({ url: '/pets/4', headers: ALICE })
  t.equal(gone.statusCode, 404)
  t.same(gone.json(), { status: 404, code: 'not-found', message: "pet '4' not found", field: 'petId' })
  const again = await s.inject({ method: 'DELETE', url: '/pets/4', headers: ALICE })
  t.equal(again.statusCode, 404, 'deleting twice: the second is a 404')
  const next = await s.inject({ method: 'POST', url: '/pets', headers: ALICE, payload: { name: 'Cy' } })
  t.equal(next.json().id, 5, 'a deleted id is never given again')
})

t.test('list paging (limit, offset) and equality filters come from the declared query parameters', async (t) => {
  const s = await byo(t, PETSTORE)
  for (const name of ['A', 'B', 'C']) await s.inject({ method: 'POST', url: '/pets', headers: ALICE, payload: { name, tag: 'bird' } })
  const page = await s.inject({ url: '/pets?limit=2&offset=1', headers: ALICE })
  t.same(page.json().map((p: { id: number }) => p.id), [2, 3])
  t.equal(page.headers['x-total-count'], '6', 'the total counts every match, not the page')
  const birds = await s.inject({ url: '/pets?tag=bird&limit=2', headers: ALICE })
  t.same(birds.json().map((p: { name: string }) => p.name), ['A', 'B'])
  t.equal(birds.headers['x-total-count'], '3')
  const none = await s.inject({ url: '/pets?tag=cat&offset=5', headers: ALICE })
  t.same(none.json(), [])
})

t.test('uuid ids: owners are created with a UUID and read back by it', async (t) => {
  const s = await byo(t, PETSTORE)
  const created = await s.inject({ method: 'POST', url: '/owners', headers: ALICE, payload: { name: 'Ann', email: 'ann@example.com' } })
  t.equal(created.statusCode, 201)
  const owner = created.json()
  t.match(owner.id, UUID)
  t.same(owner, { id: owner.id, name: 'Ann', email: 'ann@example.com' }, 'the readOnly required id is not asked of the client')
  t.same((await s.inject({ url: `/owners/${owner.id}`, headers: ALICE })).json(), owner)
  const bad = await s.inject({ url: '/owners/not-a-uuid', headers: ALICE })
  t.equal(bad.statusCode, 400)
  t.same(bad.json(), { status: 400, code: 'invalid-parameter', message: "path parameter 'ownerId' must match format \"uuid\"", field: 'ownerId' })
})

t.test('nested resources are scoped to their parent, and a missing parent is a 404 naming it', async (t) => {
  const s = await byo(t, PETSTORE)
  const ann = (await s.inject({ method: 'POST', url: '/owners', headers: ALICE, payload: { name: 'Ann' } })).json()
  const bob = (await s.inject({ method: 'POST', url: '/owners', headers: ALICE, payload: { name: 'Bob' } })).json()
  t.same((await s.inject({ url: `/owners/${ann.id}/visits`, headers: ALICE })).json(), [], 'a new owner has no visits')
  const visit = await s.inject({ method: 'POST', url: `/owners/${ann.id}/visits`, headers: ALICE, payload: { date: '2026-03-01', reason: 'Vaccination' } })
  t.equal(visit.statusCode, 201)
  const { id } = visit.json()
  t.ok(Number.isInteger(id), 'visits have integer ids')
  t.same(visit.json(), { id, date: '2026-03-01', reason: 'Vaccination' })
  t.same((await s.inject({ url: `/owners/${ann.id}/visits/${id}`, headers: ALICE })).json(), visit.json())
  t.same((await s.inject({ url: `/owners/${ann.id}/visits`, headers: ALICE })).json(), [visit.json()])
  t.same((await s.inject({ url: `/owners/${bob.id}/visits`, headers: ALICE })).json(), [], 'another owner does not see it')
  const elsewhere = await s.inject({ url: `/owners/${bob.id}/visits/${id}`, headers: ALICE })
  t.equal(elsewhere.statusCode, 404, 'nor read it by id')
  const orphan = await s.inject({ method: 'POST', url: '/owners/00000000-0000-4000-8000-000000000000/visits', headers: ALICE, payload: { date: '2026-03-01', reason: 'x' } })
  t.equal(orphan.statusCode, 404)
  t.same(orphan.json(), { status: 404, code: 'not-found', message: "owner '00000000-0000-4000-8000-000000000000' not found", field: 'ownerId' })
  t.equal((await s.inject({ method: 'DELETE', url: `/owners/${ann.id}/visits/${id}`, headers: ALICE })).statusCode, 204)
  t.same((await s.inject({ url: `/owners/${ann.id}/visits`, headers: ALICE })).json(), [])
})

t.test('each seeded parent starts with its own nested records', async (t) => {
  const s = await byo(t, LIBRARY)
  const shelves = (await s.inject({ url: '/library/shelves', headers: bearer('t1') })).json()
  t.equal(shelves.total, 3)
  for (const shelf of shelves.data) {
    t.match(shelf.id, UUID)
    const books = (await s.inject({ url: `/library/shelves/${shelf.id}/books`, headers: bearer('t1') })).json()
    t.equal(books.length, 3, `shelf ${shelf.id} has three books`)
  }
})

t.test('an OpenAPI 3.1 spec: paging by page/per_page into the spec\'s wrapper, filters, merge-patch semantics, DELETE answering the record', async (t) => {
  const s = await byo(t, LIBRARY)
  const auth = basic('carol', 'pw')
  const made = []
  for (const [label, floor] of [['A', 1], ['B', 2], ['C', 1]] as const) {
    const res = await s.inject({ method: 'POST', url: '/library/shelves', headers: { authorization: auth }, payload: { label, floor } })
    t.equal(res.statusCode, 201)
    made.push(res.json())
  }
  const all = (await s.inject({ url: '/library/shelves?per_page=50', headers: { authorization: auth } })).json()
  t.same(all.data.slice(3), made, 'new shelves after the seeded three')
  const page = await s.inject({ url: '/library/shelves?page=2&per_page=2', headers: { authorization: auth } })
  t.same(page.json(), { data: all.data.slice(2, 4), total: 6, page: 2, per_page: 2 })
  const first = await s.inject({ url: '/library/shelves', headers: { authorization: auth } })
  t.same(first.json(), { data: all.data, total: 6, page: 1, per_page: 10 }, 'the declared defaults: page 1 of 10')
  const floor1 = await s.inject({ url: '/library/shelves?floor=1&per_page=50', headers: { authorization: auth } })
  t.same(floor1.json().data.filter((x: { label: string }) => x.label.length === 1).map((x: { label: string }) => x.label), ['A', 'C'])
  const patched = await s.inject({ method: 'PATCH', url: `/library/shelves/${made[0].id}`, headers: { authorization: auth }, payload: { floor: null } })
  t.equal(patched.statusCode, 200)
  t.same(patched.json(), { id: made[0].id, label: 'A' }, 'null removes a field (RFC 7386)')
  const merged = await s.inject({ method: 'PATCH', url: `/library/shelves/${made[0].id}`, headers: { authorization: auth, 'content-type': 'application/merge-patch+json' }, payload: JSON.stringify({ label: 'A+', floor: 4 }) })
  t.equal(merged.statusCode, 200, 'application/merge-patch+json is parsed and validated as JSON')
  t.same(merged.json(), { id: made[0].id, label: 'A+', floor: 4 })
  const removed = await s.inject({ method: 'DELETE', url: `/library/shelves/${made[1].id}`, headers: { authorization: auth } })
  t.equal(removed.statusCode, 200)
  t.same(removed.json(), made[1], 'a DELETE documented with a body answers the removed record')
  t.equal((await s.inject({ url: '/library/shelves?per_page=50', headers: { authorization: auth } })).json().total, 5)
})

t.test('oneOf bodies: each branch is accepted and read back', async (t) => {
  const s = await byo(t, LIBRARY)
  const auth = { authorization: basic('dave', 'pw') }
  const shelf = (await s.inject({ method: 'POST', url: '/library/shelves', headers: auth, payload: { label: 'New' } })).json()
  const books = `/library/shelves/${shelf.id}/books`
  const print = { isbn: '9780000000001', title: 'Paper', format: 'print', pages: 120 }
  const ebook = { isbn: '9780000000002', title: 'Pixels', format: 'ebook', megabytes: 2.5, genre: 'science' }
  t.equal((await s.inject({ method: 'POST', url: books, headers: auth, payload: print })).statusCode, 201)
  const e = await s.inject({ method: 'POST', url: books, headers: auth, payload: ebook })
  t.same(e.json(), ebook, 'a string id (the isbn) is the client\'s own')
  t.same((await s.inject({ url: `${books}/9780000000002`, headers: auth })).json(), ebook)
  t.same((await s.inject({ url: `${books}?genre=science`, headers: auth })).json(), [ebook])
  const replaced = await s.inject({ method: 'PUT', url: `${books}/9780000000001`, headers: auth, payload: { ...print, title: 'Paper, 2nd ed.' } })
  t.same(replaced.json(), { ...print, title: 'Paper, 2nd ed.' })
})

t.test('--specs takes a folder of own specs: each API is served under its own paths', async (t) => {
  const s = await byo(t, `${BYO}specs`)
  t.equal((await s.inject({ url: '/pets/1', headers: ALICE })).statusCode, 200)
  t.equal((await s.inject({ url: '/library/shelves', headers: bearer('x') })).statusCode, 200)
})
