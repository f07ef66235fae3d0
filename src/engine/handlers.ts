import type { FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify'
import { behaviours } from '../apis/index.js'
import type { RouteRow } from '../spec/compile.js'
import { idParam, stringExtension } from './extensions.js'
import { genericKinds } from './generic.js'
import type { HandlerDeps, HandlerFactory } from './handler-types.js'
import type { PlanStep } from './plans/step.js'
import type { PreferStep } from './prefer-hook.js'
import { Problem } from './problems.js'
import type { ScenarioCheck } from './scenarios.js'
import type { TenantData } from '../store/store.js'

/** Resolves `x-sandbox-handler`: the API's behaviour first, then a generic kind; anything else fails the boot. */
export function resolveHandler (row: RouteRow): HandlerFactory {
  // A --behaviours module's handler (by operationId, then by name), the API's own, then a generic kind.
  const loaded = row.api.behaviours
  const factory = (loaded === undefined ? undefined : Object.hasOwn(loaded, row.operationId) ? loaded[row.operationId] : Object.hasOwn(loaded, row.handler) ? loaded[row.handler] : undefined) ??
    behaviours[row.api.id]?.[row.handler] ?? genericKinds[row.handler]
  if (factory === undefined) {
    const own = [...Object.keys(loaded ?? {}), ...Object.keys(behaviours[row.api.id] ?? {})]
    throw new Error(
      `spec ${row.api.spec.file}: ${row.operationId} names x-sandbox-handler "${row.handler}", ` +
      `which is neither a behaviour of ${row.api.id} (${own.join(', ') || 'none'}) ` +
      `nor a generic kind (${Object.keys(genericKinds).join(', ')})`,
    )
  }
  return factory
}

/** The per-request steps that run before an operation is served (all optional). */
export interface RouteSteps {
  prefer?: PreferStep
  scenario?: ScenarioCheck
  /** The tenant's runtime plans: after Prefer and the magic values, before the operation. */
  plan?: PlanStep
}

/**
 * The Fastify handler of a route row: Prefer and latency, the magic values, the tenant's plans,
 * then tenant data in, body or the dialect's 404 out. A read of an open tenant with no plan for
 * the operation runs without a promise.
 */
export function buildRouteHandler (row: RouteRow, deps: HandlerDeps, steps: RouteSteps = {}): RouteHandlerMethod {
  const { store } = deps
  const { prefer, scenario, plan } = steps
  const serve = resolveHandler(row)(deps)
  const id = idParam(row)
  const noun = stringExtension(row, 'x-sandbox-resource') ?? row.resource?.noun ?? 'resource'
  const defaultTenant = `${row.api.id}:default`
  const status = row.successStatus
  const notFound = (request: FastifyRequest): Problem => {
    const value = id === undefined ? undefined : (request.params as Record<string, unknown>)[id]
    return new Problem('not-found', id === undefined ? `${noun} not found` : `${noun} '${String(value)}' not found`, {
      ...(id === undefined ? {} : { field: { in: 'path', name: id }, value }),
    })
  }

  const finish = (request: FastifyRequest, reply: FastifyReply, body: unknown): void => {
    if (body === undefined) throw notFound(request)
    if (body === null) reply.send()
    else reply.send(body)
  }

  // A pending answer resolves to the reply (a thenable: it settles once the answer is out), so
  // Fastify never sends twice while an asynchronous onSend hook (the shared journal) still runs.
  const answer = (request: FastifyRequest, reply: FastifyReply, data: TenantData): Promise<FastifyReply> | undefined => {
    reply.code(status)
    const body = serve(request, reply, data)
    // Operation handlers are plain or async functions: a pending answer is a native promise.
    if (body instanceof Promise) return body.then((resolved) => { finish(request, reply, resolved); return reply })
    finish(request, reply, body)
    return undefined
  }

  // A plan that answered leaves the reply to it; one that only delayed the call lets it be served.
  const planned = (request: FastifyRequest, reply: FastifyReply, data: TenantData): Promise<FastifyReply> | undefined => {
    const pending = plan?.(request, reply, data)
    if (pending === undefined) return answer(request, reply, data)
    return pending.then((answered) => (answered ? reply : answer(request, reply, data) ?? reply))
  }

  const proceed = (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> | undefined => {
    const problem = scenario?.(request)
    if (problem !== undefined) throw problem
    const tenant = request.tenant === '' ? defaultTenant : request.tenant
    const data = store.opened(tenant)
    if (data !== undefined) return planned(request, reply, data)
    return store.tenant(tenant).then((opened) => planned(request, reply, opened) ?? reply)
  }

  return function handler (request: FastifyRequest, reply: FastifyReply) {
    const preferring = prefer?.(request, reply)
    if (preferring === undefined) return proceed(request, reply)
    return preferring.then((answered) => (answered ? reply : proceed(request, reply)))
  }
}
