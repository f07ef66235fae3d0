import t from 'tap'
import Fastify from 'fastify'
import { installBodyHandling, jsonRefusal } from '../../src/engine/body.js'
import { toProblem } from '../../src/engine/errors.js'
import '../../src/engine/fastify-types.js'
import type { RouteRow } from '../../src/spec/compile.js'

/** A bare Fastify app with the engine's body handling and routes documenting the given media types. */
async function app (t: { teardown: (fn: () => unknown) => void }) {
  const fastify = Fastify()
  fastify.decorateRequest('row', null)
  installBodyHandling(fastify)
  fastify.setErrorHandler((err, request, reply) => {
    const problem = toProblem(err as never, request)
    reply.code(400).send({ kind: problem.kind, message: problem.message })
  })
  const route = (url: string, method: 'GET' | 'POST' | 'PUT', bodyMediaTypes: string[]) => {
    const row = { bodyMediaTypes } as unknown as RouteRow
    const preValidation = jsonRefusal(row)
    fastify.route({
      method,
      url,
      onRequest: (request, _reply, done) => { request.row = row; done() },
      ...(preValidation === undefined ? {} : { preValidation }),
      handler: async (request) => ({ type: Buffer.isBuffer(request.body) ? 'buffer' : typeof request.body, body: Buffer.isBuffer(request.body) ? request.body.length : request.body }),
    })
  }
  route('/none', 'GET', [])
  route('/form', 'POST', ['application/x-www-form-urlencoded'])
  route('/image', 'PUT', ['image/png', 'image/jpeg'])
  route('/any-image', 'PUT', ['image/*'])
  route('/json', 'POST', ['application/json'])
  t.teardown(() => fastify.close())
  return fastify
}

t.test('a documented form body is parsed into an object', async (t) => {
  const fastify = await app(t)
  const res = await fastify.inject({ method: 'POST', url: '/form', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, payload: 'grant_type=client_credentials&scope=%2Fapi' })
  t.same(res.json(), { type: 'object', body: { grant_type: 'client_credentials', scope: '/api' } })
})

t.test('a JSON body where only a form is documented is refused as an unsupported media type', async (t) => {
  const fastify = await app(t)
  const res = await fastify.inject({ method: 'POST', url: '/form', payload: { grant_type: 'client_credentials' } })
  t.same(res.json(), { kind: 'unsupported-media-type', message: "Content-Type 'application/json' is not accepted; send application/x-www-form-urlencoded" })
})

t.test('documented binary bodies arrive as bytes, by exact type or a type/* range', async (t) => {
  const fastify = await app(t)
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])
  t.same((await fastify.inject({ method: 'PUT', url: '/image', headers: { 'content-type': 'image/png' }, payload: png })).json(), { type: 'buffer', body: 7 })
  t.same((await fastify.inject({ method: 'PUT', url: '/any-image', headers: { 'content-type': 'image/webp' }, payload: png })).json(), { type: 'buffer', body: 7 })
  t.same((await fastify.inject({ method: 'PUT', url: '/image', headers: { 'content-type': 'image/gif' }, payload: png })).json(),
    { kind: 'unsupported-media-type', message: "Content-Type 'image/gif' is not accepted; send image/png or image/jpeg" })
})

t.test('a body on an operation that takes none is ignored, unless it is malformed JSON', async (t) => {
  const fastify = await app(t)
  t.same((await fastify.inject({ method: 'GET', url: '/none', headers: { 'content-type': 'text/plain' }, payload: 'hi' })).json(), { type: 'undefined' })
  t.same((await fastify.inject({ method: 'GET', url: '/none', headers: { 'content-type': 'application/json' }, payload: '{"a":1}' })).json(), { type: 'object', body: { a: 1 } })
  t.same((await fastify.inject({ method: 'GET', url: '/none', headers: { 'content-type': 'application/json' }, payload: '{"a":' })).json(), { kind: 'malformed-json', message: 'body is not valid JSON' })
})

t.test('a form sent where JSON is documented is refused', async (t) => {
  const fastify = await app(t)
  const res = await fastify.inject({ method: 'POST', url: '/json', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1' })
  t.same(res.json(), { kind: 'unsupported-media-type', message: "Content-Type 'application/x-www-form-urlencoded' is not accepted; send application/json" })
})

t.test('plain text is an unsupported media type where JSON is documented', async (t) => {
  const fastify = await app(t)
  const res = await fastify.inject({ method: 'POST', url: '/json', headers: { 'content-type': 'text/plain' }, payload: 'hello' })
  t.same(res.json(), { kind: 'unsupported-media-type', message: "Content-Type 'text/plain' is not accepted; send application/json" })
})
