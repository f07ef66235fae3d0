import type { FastifyInstance } from 'fastify'
import type { ApiDef } from '../spec/compile.js'

/** GET /__sandbox/health: 200 with the APIs this process serves. The answer is built once, at boot. */
export function registerHealth (app: FastifyInstance, apis: ApiDef[]): void {
  const body = {
    status: 'ok',
    apis: apis.map((api) => ({
      id: api.id,
      title: api.title,
      version: api.version,
      spec: api.spec.file,
      prefixes: api.prefixes,
      operations: api.rows.length,
    })),
  }
  app.get('/__sandbox/health', async () => body)
}
