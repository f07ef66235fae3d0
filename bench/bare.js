// The benchmark's baseline: Fastify with no logger, no hooks, no schemas, no validation, one
// route per scenario answering a fixed JSON body (the sandbox's own answer, fetched by run.js).
//
//   node bench/bare.js <routes.json> [port]
//
// routes.json: [{ method, route, status, body, volatile: [field, …], headers: { name: value } }]. Listens on a free port of
// 127.0.0.1 and reports it to the parent over IPC ({ port }); exits when the parent goes away.
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'

const routes = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const app = Fastify({ logger: false })

for (const { method, route, status, body, volatile, headers } of routes) {
  const fresh = volatile ?? []
  const extra = Object.entries(headers ?? {})
  const handler = fresh.length === 0
    ? async (_request, reply) => {
      reply.code(status)
      for (const [name, value] of extra) reply.header(name, value)
      return body
    }
    : async (_request, reply) => {
      // Same fields in the same order; only the per-response values change.
      const out = { ...body }
      for (const field of fresh) out[field] = randomUUID()
      reply.code(status)
      for (const [name, value] of extra) reply.header(name, value)
      return out
    }
  app.route({ method, url: route, handler })
}

// A port given (the start-up benchmark polls it), else a free one.
await app.listen({ port: Number(process.argv[3] ?? 0), host: '127.0.0.1' })
const { port } = app.server.address()
if (process.send !== undefined) {
  process.send({ port })
  process.once('disconnect', () => process.exit(0))
} else {
  process.stdout.write(`listening on http://127.0.0.1:${port}\n`)
}
process.once('SIGTERM', () => process.exit(0))
process.once('SIGINT', () => process.exit(0))
