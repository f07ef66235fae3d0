import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'

/** Keys of a request line that the pretty output leaves out (its message says them already). */
export const REQUEST_LINE_KEYS = ['method', 'path', 'status', 'ms', 'api', 'operation', 'tenant']

/** Tenants told apart in the log without naming them (a tenant id can be an API key): cached hashes, bounded. */
const MAX_LABELS = 10_000

/**
 * One `info` line per answered request: method, path (never the query), status, time, API,
 * operation and a hash of the tenant (never a credential). Fields for JSON readers, the same
 * words in the message for people.
 */
export function installRequestLog (app: FastifyInstance): void {
  const labels = new Map<string, string>()
  const label = (tenant: string): string | undefined => {
    if (tenant === '') return undefined
    let hashed = labels.get(tenant)
    if (hashed === undefined) {
      if (labels.size >= MAX_LABELS) labels.clear()
      hashed = createHash('sha256').update(tenant).digest('hex').slice(0, 10)
      labels.set(tenant, hashed)
    }
    return hashed
  }
  app.addHook('onResponse', (request, reply, done) => {
    const q = request.url.indexOf('?')
    const path = q === -1 ? request.url : request.url.slice(0, q)
    const ms = Math.round(reply.elapsedTime * 10) / 10
    const row = request.row
    const tenant = label(request.tenant)
    const api = row?.api.id
    app.log.info({ method: request.method, path, status: reply.statusCode, ms, api, operation: row?.operationId, tenant },
      `${request.method} ${path} ${reply.statusCode} ${ms} ms${api === undefined ? '' : ` ${api} ${row!.operationId}`}${tenant === undefined ? '' : ` tenant ${tenant}`}`)
    done()
  })
}
