import type { preValidationHookHandler } from 'fastify'
import type { RouteRow } from '../spec/compile.js'

/**
 * Gives path parameters back the spec's names (`party-number`) that Fastify's router could not
 * carry, before validation, so schemas, handlers and messages all use the spec's name.
 * None for routes whose names route as they are.
 */
export function paramRenaming (row: RouteRow): preValidationHookHandler | undefined {
  const renames = Object.entries(row.paramNames)
  if (renames.length === 0) return undefined
  return (request, _reply, done) => {
    const params = { ...(request.params as Record<string, unknown>) }
    for (const [safe, name] of renames) {
      params[name] = params[safe]
      delete params[safe]
    }
    request.params = params
    done()
  }
}
