import t from 'tap'
import Fastify from 'fastify'
import { paramRenaming } from '../../src/engine/path-params.js'
import { routerPath, type RouteRow } from '../../src/spec/compile.js'

t.test('path parameters with hyphens or dots are routed under safe names', async (t) => {
  t.same(routerPath('/a/{party-number}/b/{id}', 'x.yaml'), { url: '/a/:party_number/b/:id', paramNames: { party_number: 'party-number' } })
  t.same(routerPath('/a/{file.ext}', 'x.yaml'), { url: '/a/:file_ext', paramNames: { file_ext: 'file.ext' } })
  t.same(routerPath('/a/{plain}', 'x.yaml'), { url: '/a/:plain', paramNames: {} })
})

t.test('two parameters that would share a safe name fail the boot', async (t) => {
  t.throws(() => routerPath('/a/{a-b}/{a_b}', 'x.yaml'), /spec x\.yaml: \/a\/\{a-b\}\/\{a_b\}: path parameters a-b and a_b cannot both be routed/)
  t.throws(() => routerPath('/a/{a-b}/{a.b}', 'x.yaml'), /path parameters a\.b and a-b cannot both be routed/)
})

t.test('a request reaches validation and the handler with the spec\'s parameter names', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  const { url, paramNames } = routerPath('/parties/{party-number}/items/{item}', 'x.yaml')
  const row = { paramNames } as unknown as RouteRow
  app.route({
    method: 'GET',
    url,
    schema: { params: { type: 'object', required: ['party-number', 'item'], properties: { 'party-number': { type: 'string', pattern: '^[0-9]+$' }, item: { type: 'string' } } } },
    preValidation: paramRenaming(row)!,
    handler: async (request) => request.params,
  })
  const ok = await app.inject({ url: '/parties/314/items/x' })
  t.same(ok.json(), { 'party-number': '314', item: 'x' })
  const bad = await app.inject({ url: '/parties/ab/items/x' })
  t.equal(bad.statusCode, 400)
  t.match(bad.json().message, /party-number/)
  t.equal(paramRenaming({ paramNames: {} } as unknown as RouteRow), undefined, 'no hook where nothing is renamed')
})
