import type { preValidationHookHandler } from 'fastify'
import type { RouteRow } from '../spec/compile.js'

/**
 * Gives path parameters back the spec's names (`party-number`) that Fastify's router could not
 * carry, before validation, so schemas, handlers and messages all use the spec's name.
 * None for routes whose names route as they are.
 */
export function paramRenaming (row: RouteRow): preValidationHookHandler | undefined {
  const renames = new Map(Object.entries(row.paramNames))
  if (renames.size === 0) return undefined
  return (request, _reply, done) => {
    const routed = request.params as Record<string, unknown>
    const params: Record<string, unknown> = {}
    for (const key in routed) params[renames.get(key) ?? key] = routed[key]
    request.params = params
    done()
  }
}
