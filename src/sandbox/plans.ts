import type { FastifyInstance, FastifyRequest } from 'fastify'
import { checkPlan, type PlanInput } from '../engine/plans/check.js'
import { PLAN_COUNTER, PLAN_USES, PLANS, type PlanLimits, type PlanUses, type PlanView, type StoredPlan } from '../engine/plans/types.js'
import { FAULTS } from '../engine/prefer.js'
import { Problem } from '../engine/problems.js'
import type { Clock } from '../auth/tokens.js'
import type { ApiDef } from '../spec/compile.js'
import type { ApiStore, TenantView, TenantWrite } from '../store/store.js'
import type { CallerIdentifier } from './caller.js'

export interface PlanDeps {
  apis: Array<{ api: ApiDef, store: ApiStore }>
  callers: CallerIdentifier
  limits: PlanLimits
  clock: Clock
}

const TENANT_PATTERN = '^[a-z][a-z0-9-]*:.+$'

const query = {
  type: 'object',
  properties: { api: { type: 'string' }, tenant: { type: 'string', pattern: TENANT_PATTERN } },
} as const

const predicate = {
  type: 'object',
  required: ['in'],
  additionalProperties: false,
  properties: {
    in: { enum: ['header', 'query', 'path', 'body'] },
    name: { type: 'string', minLength: 1, maxLength: 256 },
    pointer: { type: 'string', maxLength: 1024 },
    equals: {},
    matches: { type: 'string', minLength: 1 },
  },
} as const

/** The shape of a plan; what depends on the API (operation, status, body) is checked in code. */
const planBody = {
  type: 'object',
  required: ['match', 'act'],
  additionalProperties: false,
  properties: {
    note: { type: 'string', maxLength: 500 },
    match: {
      type: 'object',
      additionalProperties: false,
      properties: {
        api: { type: 'string' },
        operation: { type: 'string', minLength: 1 },
        method: { type: 'string', minLength: 1 },
        path: { type: 'string', minLength: 1 },
        predicates: { type: 'array', items: predicate },
      },
    },
    act: {
      type: 'object',
      additionalProperties: false,
      properties: {
        status: { type: 'integer', minimum: 100, maximum: 599 },
        example: { type: 'string', minLength: 1 },
        body: {},
        fault: { enum: [...FAULTS] },
        delay: {
          type: ['integer', 'object'],
          minimum: 0,
          required: ['min', 'max'],
          additionalProperties: false,
          properties: { min: { type: 'integer', minimum: 0 }, max: { type: 'integer', minimum: 0 } },
        },
      },
    },
    when: {
      type: 'object',
      additionalProperties: false,
      properties: {
        times: { type: 'integer', minimum: 1, maximum: 1_000_000 },
        probability: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
        seed: { type: 'integer', minimum: 0, maximum: 4_294_967_295 },
        expiresAt: { type: 'string', format: 'date-time' },
        expiresIn: { type: 'integer', minimum: 1, maximum: 31_536_000 },
      },
    },
  },
} as const

/** A plan as the list shows it: the stored plan with what it has used so far. */
function view (plan: StoredPlan, uses: PlanUses | undefined): PlanView {
  const out: PlanView = { ...plan }
  if (plan.when.times !== undefined) out.remaining = uses?.remaining ?? plan.when.times
  if (plan.when.probability !== undefined) out.draws = uses?.draws ?? 0
  return out
}

/** The tenant's live plans, most recent first; the expired ones are removed when `tx` is given. */
function livePlans (data: TenantView, now: number, tx?: TenantWrite): StoredPlan[] {
  const plans = (data.list(PLANS) as StoredPlan[]).filter((plan) => {
    const expired = plan.when.expiresAt !== undefined && Date.parse(plan.when.expiresAt) <= now
    if (expired && tx !== undefined) {
      tx.remove(PLANS, plan.id)
      tx.remove(PLAN_USES, plan.id)
    }
    return !expired
  })
  return plans.sort((a, b) => b.seq - a.seq)
}

/**
 * /__sandbox/plans: a tenant's runtime plans (create, list, delete one, delete all), kept in its
 * own data through the store contract, so they last and are shared as the rest of its data. The
 * tenant's own credential (`?api=<id>`) or the admin token with `?tenant=<api>:<tenant>`.
 */
export function registerPlanRoutes (app: FastifyInstance, deps: PlanDeps): void {
  const { callers, limits, clock } = deps
  const byId = new Map(deps.apis.map((a) => [a.api.id, a]))

  /** The tenant a call is about, and its API. */
  const target = async (request: FastifyRequest): Promise<{ api: ApiDef, store: ApiStore, tenant: string }> => {
    const { api: apiParam, tenant: named } = request.query as { api?: string, tenant?: string }
    const caller = await callers.identify(request, apiParam)
    if (!caller.admin) {
      // A tenant reaches only its own plans: naming another is refused, never reinterpreted.
      if (named !== undefined && named !== caller.tenant) {
        throw new Problem('forbidden', `query parameter 'tenant' names "${named}", but these credentials select "${caller.tenant}"; another tenant's plans need the admin token`, { field: { in: 'query', name: 'tenant' } })
      }
      return { ...byId.get(caller.api.id)!, tenant: caller.tenant }
    }
    if (named === undefined) {
      throw new Problem('missing-parameter', "query parameter 'tenant' (\"<api>:<tenant>\", as the journal shows it) is required with the admin token", { field: { in: 'query', name: 'tenant' } })
    }
    const found = byId.get(named.slice(0, named.indexOf(':')))
    if (found === undefined) throw new Problem('invalid-parameter', `query parameter 'tenant' names no API of this sandbox (one of: ${[...byId.keys()].join(', ')})`, { field: { in: 'query', name: 'tenant' } })
    if (apiParam !== undefined && apiParam !== found.api.id) throw new Problem('invalid-parameter', `query parameter 'api' is "${apiParam}", but 'tenant' is of ${found.api.id}`, { field: { in: 'query', name: 'api' } })
    return { ...found, tenant: named }
  }

  app.post('/__sandbox/plans', { schema: { querystring: query, body: planBody } }, async (request, reply) => {
    const { api, store, tenant } = await target(request)
    if (limits.perTenant === 0) throw new Problem('forbidden', 'runtime plans are turned off on this sandbox (--plans-per-tenant 0)')
    const now = clock()
    const checked = await checkPlan(api, tenant, request.body as PlanInput, limits, now)
    const data = await store.tenant(tenant)
    const made = await data.transact((tx): StoredPlan | Problem => {
      const live = livePlans(tx, now, tx)
      if (live.length >= limits.perTenant) {
        return new Problem('conflict', `tenant "${tenant}" has ${live.length} plans, the most one tenant may hold (--plans-per-tenant); delete some first`)
      }
      const seq = tx.allocate(PLAN_COUNTER, 1)
      const plan: StoredPlan = { id: `plan-${seq}`, seq, created: new Date(now).toISOString(), ...checked }
      tx.put(PLANS, plan.id, plan)
      return plan
    })
    if (made instanceof Problem) throw made
    reply.code(201)
    return view(made, undefined)
  })

  app.get('/__sandbox/plans', { schema: { querystring: query } }, async (request) => {
    const { store, tenant } = await target(request)
    const data = await store.tenant(tenant)
    const now = clock()
    const plans = livePlans(data, now)
    return { tenant, count: plans.length, plans: plans.map((plan) => view(plan, data.get(PLAN_USES, plan.id) as PlanUses | undefined)) }
  })

  app.delete('/__sandbox/plans/:id', { schema: { querystring: query, params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } } } } }, async (request) => {
    const { store, tenant } = await target(request)
    const { id } = request.params as { id: string }
    const data = await store.tenant(tenant)
    const removed = await data.transact((tx) => {
      tx.remove(PLAN_USES, id)
      return tx.remove(PLANS, id)
    })
    if (!removed) throw new Problem('not-found', `plan '${id}' is not a plan of tenant "${tenant}" (unknown, deleted or used up)`, { field: { in: 'path', name: 'id' } })
    return { deleted: [id] }
  })

  app.delete('/__sandbox/plans', { schema: { querystring: query } }, async (request) => {
    const { store, tenant } = await target(request)
    const data = await store.tenant(tenant)
    const deleted = await data.transact((tx) => {
      const ids = (tx.list(PLANS) as StoredPlan[]).map((plan) => plan.id)
      for (const id of ids) {
        tx.remove(PLANS, id)
        tx.remove(PLAN_USES, id)
      }
      return ids
    })
    return { deleted }
  })
}
