import type { FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify'
import { behaviours } from '../apis/index.js'
import type { RouteRow } from '../spec/compile.js'
import { idParam, stringExtension } from './extensions.js'
import { genericKinds } from './generic.js'
import type { HandlerDeps, HandlerFactory } from './handler-types.js'
import { Problem } from './problems.js'

/** Resolves `x-sandbox-handler`: the API's behaviour first, then a generic kind; anything else fails the boot. */
export function resolveHandler (row: RouteRow): HandlerFactory {
  const factory = behaviours[row.api.id]?.[row.handler] ?? genericKinds[row.handler]
  if (factory === undefined) {
    const own = Object.keys(behaviours[row.api.id] ?? {})
    throw new Error(
      `spec ${row.api.spec.file}: ${row.operationId} names x-sandbox-handler "${row.handler}", ` +
      `which is neither a behaviour of ${row.api.id} (${own.join(', ') || 'none'}) ` +
      `nor a generic kind (${Object.keys(genericKinds).join(', ')})`,
    )
  }
  return factory
}

/** The Fastify handler of a route row: tenant data in, body or the dialect's 404 out. */
export function buildRouteHandler (row: RouteRow, deps: HandlerDeps): RouteHandlerMethod {
  const { store } = deps
  const serve = resolveHandler(row)(deps)
  const id = idParam(row)
  const noun = stringExtension(row, 'x-sandbox-resource') ?? 'resource'
  const defaultTenant = `${row.api.id}:default`
  const status = row.successStatus
  const notFound = (request: FastifyRequest): Problem => {
    const value = id === undefined ? undefined : (request.params as Record<string, unknown>)[id]
    return new Problem('not-found', id === undefined ? `${noun} not found` : `${noun} '${String(value)}' not found`, {
      ...(id === undefined ? {} : { field: { in: 'path', name: id }, value }),
    })
  }
  return async function handler (request: FastifyRequest, reply: FastifyReply) {
    const data = await store.tenant(request.tenant === '' ? defaultTenant : request.tenant)
    reply.code(status)
    const body = await serve(request, reply, data)
    if (body === undefined) throw notFound(request)
    if (body === null) return reply.send()
    return body
  }
}
