import t from 'tap'
import { LIBRARY, PETSTORE, bearer, byo, key } from './byo-helpers.js'
import { basic } from './helpers.js'

const ALICE = key('alice-key')

t.test('a spec with an error schema of its own: every refusal fills its fields (status, code, message, field)', async (t) => {
  const s = await byo(t, PETSTORE)
  const cases: Array<[string, { method?: 'POST' | 'PATCH', url: string, payload?: unknown, headers?: Record<string, string> }, number, Record<string, unknown>]> = [
    ['a missing required field', { method: 'POST', url: '/pets', payload: { tag: 'dog' } }, 400, { status: 400, code: 'invalid-body', message: "body field '/name' is required", field: 'name' }],
    ['a value outside the enum', { method: 'POST', url: '/pets', payload: { name: 'A', tag: 'fish' } }, 400, { status: 400, code: 'invalid-body', message: 'body field \'/tag\' must be one of: "dog", "cat", "bird", null', field: 'tag' }],
    ['3.0 exclusiveMinimum: true (age must be above 0)', { method: 'POST', url: '/pets', payload: { name: 'A', age: 0 } }, 400, { status: 400, code: 'invalid-body', message: "body field '/age' must be > 0", field: 'age' }],
    ['a field of the wrong type', { method: 'POST', url: '/pets', payload: { name: 5 } }, 400, { status: 400, code: 'invalid-body', message: "body field '/name' must be string", field: 'name' }],
    ['an unknown field where the schema forbids it', { method: 'PATCH', url: '/pets/1', payload: { colour: 'red' } }, 400, { status: 400, code: 'invalid-body', message: "body field '/colour' is not a known field", field: 'colour' }],
    ['malformed JSON', { method: 'POST', url: '/pets', payload: '{"name":', headers: { ...ALICE, 'content-type': 'application/json' } }, 400, { status: 400, code: 'malformed-json', message: 'body is not valid JSON', field: 'body' }],
    ['a query parameter out of range', { url: '/pets?limit=0' }, 400, { status: 400, code: 'invalid-parameter', message: "query parameter 'limit' must be >= 1", field: 'limit' }],
    ['a path parameter of the wrong type', { url: '/pets/abc' }, 400, { status: 400, code: 'invalid-parameter', message: "path parameter 'petId' must be integer", field: 'petId' }],
    ['an unknown id', { url: '/pets/999' }, 404, { status: 404, code: 'not-found', message: "pet '999' not found", field: 'petId' }],
    ['no credentials', { url: '/pets', headers: {} }, 401, { status: 401, code: 'missing-credentials', message: "header 'X-API-Key' is required", field: 'X-API-Key' }],
  ]
  for (const [what, request, status, body] of cases) {
    const res = await s.inject({ method: request.method ?? 'GET', url: request.url, headers: request.headers ?? ALICE, ...(request.payload === undefined ? {} : { payload: request.payload as string }) })
    t.equal(res.statusCode, status, `${what}: ${status}`)
    t.same(res.json(), body, `${what}: the spec's own error body`)
    t.equal(res.headers['content-type'], 'application/json; charset=utf-8')
  }
  const nullable = await s.inject({ method: 'POST', url: '/pets', headers: ALICE, payload: { name: 'N', tag: null } })
  t.equal(nullable.statusCode, 201, '3.0 nullable: null is accepted')
})

t.test('a spec without an error schema answers application/problem+json (RFC 9457)', async (t) => {
  const s = await byo(t, LIBRARY, { contract: false })
  const auth = { authorization: basic('erin', 'pw') }
  const missing = await s.app.inject({ method: 'POST', url: '/library/shelves', headers: auth, payload: {} })
  t.equal(missing.statusCode, 400)
  t.equal(missing.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.same(missing.json(), {
    type: 'about:blank', title: 'Bad Request', status: 400, detail: "body field '/label' is required", code: 'invalid-body',
    errors: [{ detail: "body field '/label' is required", pointer: '/label' }],
  })
  const shelf = (await s.app.inject({ method: 'POST', url: '/library/shelves', headers: auth, payload: { label: 'S' } })).json()
  const books = `/library/shelves/${shelf.id}/books`
  const print = { isbn: '9780000000001', title: 'Paper', format: 'print', pages: 120 }
  t.equal((await s.app.inject({ method: 'POST', url: books, headers: auth, payload: print })).statusCode, 201)
  const twice = await s.app.inject({ method: 'POST', url: books, headers: auth, payload: print })
  t.equal(twice.statusCode, 409)
  t.same(twice.json(), {
    type: 'about:blank', title: 'Conflict', status: 409, detail: "book '9780000000001' already exists", code: 'conflict',
    errors: [{ detail: "book '9780000000001' already exists", pointer: '/isbn' }],
  })
  const neither = await s.app.inject({ method: 'POST', url: books, headers: auth, payload: { isbn: '9780000000003', title: 'X', format: 'print' } })
  t.equal(neither.statusCode, 400, 'a oneOf body that matches no branch')
  t.same(neither.json(), {
    type: 'about:blank', title: 'Bad Request', status: 400, detail: "body field '/pages' is required", code: 'invalid-body',
    errors: [{ detail: "body field '/pages' is required", pointer: '/pages' }],
  })
  const badIsbn = await s.app.inject({ url: `${books}/123`, headers: auth })
  t.equal(badIsbn.statusCode, 400)
  t.same(badIsbn.json().errors, [{ detail: 'path parameter \'isbn\' must match pattern "^[0-9]{13}$"', parameter: 'isbn' }])
  const none = await s.app.inject({ url: `${books}/9780000000009`, headers: auth })
  t.equal(none.statusCode, 404)
  t.same(none.json(), { type: 'about:blank', title: 'Not Found', status: 404, detail: "book '9780000000009' not found", code: 'not-found', errors: [{ detail: "book '9780000000009' not found", parameter: 'isbn' }] })
  const patch = await s.app.inject({ method: 'PATCH', url: `/library/shelves/${shelf.id}`, headers: { ...auth, 'content-type': 'application/merge-patch+json' }, payload: '{"label":""}' })
  t.equal(patch.statusCode, 400, 'a merge patch is validated against its own schema')
  t.same(patch.json().errors, [{ detail: "body field '/label' must NOT have fewer than 1 characters", pointer: '/label' }])
  const broken = await s.app.inject({ method: 'PATCH', url: `/library/shelves/${shelf.id}`, headers: { ...auth, 'content-type': 'application/merge-patch+json' }, payload: '{"label":' })
  t.equal(broken.statusCode, 400)
  t.equal(broken.json().code, 'malformed-json')
  const route = await s.app.inject({ url: '/library/nowhere', headers: auth })
  t.equal(route.statusCode, 404)
  t.same(route.json(), { type: 'about:blank', title: 'Not Found', status: 404, detail: 'Library has no route GET /library/nowhere', code: 'unknown-route' })
  const method = await s.app.inject({ method: 'DELETE', url: '/library/shelves', headers: auth })
  t.equal(method.statusCode, 405)
  t.equal(method.headers.allow, 'GET, POST, HEAD')
  const token = await s.app.inject({ url: '/library/shelves', headers: { authorization: 'Bearer' } })
  t.equal(token.statusCode, 401)
  t.same(token.json(), { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'Authorization header must be "Bearer <token>"', code: 'bad-credentials', errors: [{ detail: 'Authorization header must be "Bearer <token>"', header: 'Authorization' }] })
  t.equal((await s.app.inject({ url: '/library/shelves', headers: bearer('fine') })).statusCode, 200)
})
