import { hostname } from 'node:os'
import type { FastifyInstance } from 'fastify'
import type { ApiDef } from '../spec/compile.js'
import type { StoreEngine } from '../store/store.js'

/**
 * GET /__sandbox/health: 200 with the APIs this process serves, the store engine and this
 * replica's id. With a shared engine, each call checks the database: `degraded` while it cannot
 * be used (the API calls that need it answer 503 meanwhile; the replica recovers by itself).
 */
export function registerHealth (app: FastifyInstance, apis: ApiDef[], engine: StoreEngine): void {
  const replica = 'shared' in engine ? engine.replica : `${hostname()}-${process.pid}`
  const body = {
    status: 'ok',
    engine: engine.engine,
    replica,
    apis: apis.map((api) => ({
      id: api.id,
      title: api.title,
      version: api.version,
      spec: api.spec.file,
      prefixes: api.prefixes,
      operations: api.rows.length,
    })),
  }
  if (!('shared' in engine)) {
    app.get('/__sandbox/health', async () => body)
    return
  }
  app.get('/__sandbox/health', async () => {
    const { status, reason } = await engine.health()
    return status === 'ok' ? body : { ...body, status, reason }
  })
}
