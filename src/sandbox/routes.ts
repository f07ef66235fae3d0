import type { FastifyInstance } from 'fastify'
import { Problem } from '../engine/problems.js'
import type { Scenario } from '../engine/scenarios.js'
import type { ApiDef } from '../spec/compile.js'
import { resetEverything, type ApiStore, type StoreEngine } from '../store/store.js'
import type { CallerIdentifier } from './caller.js'
import type { JournalFilter, RequestJournal } from './journal.js'

export interface ControlDeps {
  apis: Array<{ api: ApiDef, store: ApiStore, scenarios: Scenario[] }>
  persistence: StoreEngine
  journal: RequestJournal
  callers: CallerIdentifier
}

const filterQuery = {
  type: 'object',
  properties: {
    api: { type: 'string' },
    operation: { type: 'string' },
    method: { type: 'string' },
    path: { type: 'string' },
    pathPrefix: { type: 'string' },
    status: { type: 'integer', minimum: 100, maximum: 599 },
    since: { type: 'string', format: 'date-time' },
    tenant: { type: 'string' },
  },
} as const

interface FilterInput { api?: string, operation?: string, method?: string, path?: string, pathPrefix?: string, status?: number, since?: string, tenant?: string }

/** The control plane: request journal, reset and the scenario catalogue. */
export function registerControlRoutes (app: FastifyInstance, deps: ControlDeps): void {
  const { journal, callers } = deps

  /** The caller's filter: a tenant sees only its own requests; the admin any tenant's. */
  const scoped = async (input: FilterInput, apiParam: string | undefined, request: Parameters<CallerIdentifier['identify']>[0]): Promise<JournalFilter> => {
    const caller = await callers.identify(request, apiParam)
    const filter: JournalFilter = {}
    for (const key of ['api', 'operation', 'method', 'path', 'pathPrefix', 'status'] as const) {
      if (input[key] !== undefined) (filter as Record<string, unknown>)[key] = input[key]
    }
    if (input.since !== undefined) filter.since = Date.parse(input.since)
    if (caller.admin) {
      if (input.tenant !== undefined) filter.tenant = input.tenant
    } else {
      filter.tenant = caller.tenant
    }
    return filter
  }

  app.get('/__sandbox/requests', { schema: { querystring: filterQuery } }, async (request) => {
    const query = request.query as FilterInput
    const entries = await journal.list(await scoped(query, query.api, request))
    return { capacity: journal.capacity, count: entries.length, requests: entries }
  })

  app.delete('/__sandbox/requests', { schema: { querystring: filterQuery } }, async (request) => {
    const query = request.query as FilterInput
    return { removed: await journal.remove(await scoped(query, query.api, request)) }
  })

  app.post('/__sandbox/requests/count', {
    schema: { querystring: { type: 'object', properties: { api: { type: 'string' } } }, body: { ...filterQuery, additionalProperties: false } },
  }, async (request) => {
    const body = (request.body ?? {}) as FilterInput
    const apiParam = (request.query as { api?: string }).api ?? body.api
    return { count: (await journal.find(await scoped(body, apiParam, request))).length }
  })

  const byId = new Map(deps.apis.map((a) => [a.api.id, a]))
  app.post('/__sandbox/reset', {
    schema: {
      querystring: { type: 'object', properties: { api: { type: 'string' } } },
      body: { type: ['object', 'null'], properties: { tenant: { type: 'string', pattern: '^[a-z][a-z0-9-]*:.+$' }, all: { type: 'boolean', const: true } }, additionalProperties: false },
    },
  }, async (request) => {
    const caller = await callers.identify(request, (request.query as { api?: string }).api)
    const body = (request.body ?? {}) as { tenant?: string, all?: boolean }
    if (!caller.admin) {
      // A tenant resets only itself: naming another, or everything, is refused, never reinterpreted.
      if (body.all === true) {
        throw new Problem('forbidden', "body field '/all' needs the admin token (X-Sandbox-Admin-Token); a tenant resets only its own data", { field: { in: 'body', name: '/all' } })
      }
      if (body.tenant !== undefined && body.tenant !== caller.tenant) {
        throw new Problem('forbidden', `body field '/tenant' names "${body.tenant}", but these credentials select "${caller.tenant}"; resetting another tenant needs the admin token`, { field: { in: 'body', name: '/tenant' } })
      }
      await byId.get(caller.api.id)!.store.reset(caller.tenant)
      return { reset: [caller.tenant] }
    }
    if (body.all === true) {
      await resetEverything(deps.apis.map((a) => a.store), deps.persistence)
      return { reset: 'all' }
    }
    if (body.tenant === undefined) {
      throw new Problem('invalid-body', "body field '/tenant' (\"<api>:<tenant>\") or '/all' (true) is required with the admin token", { field: { in: 'body', name: '/tenant' } })
    }
    const target = byId.get(body.tenant.slice(0, body.tenant.indexOf(':')))
    if (target === undefined) throw new Problem('invalid-body', `body field '/tenant' names no API of this sandbox`, { field: { in: 'body', name: '/tenant' } })
    await target.store.reset(body.tenant)
    return { reset: [body.tenant] }
  })

  // The scenario catalogue: machine-readable, built once.
  const catalogue = {
    scenarios: deps.apis.flatMap(({ api, scenarios }) => scenarios.map((s) => {
      const row = api.rows.find((r) => r.operationId === s.operationId)!
      return {
        api: api.id,
        operationId: s.operationId,
        method: row.method,
        path: row.path,
        trigger: s.trigger,
        outcome: { ...s.outcome, status: row.dialect.table[s.outcome.problem].status },
      }
    })),
  }
  app.get('/__sandbox/scenarios', async () => catalogue)
}
