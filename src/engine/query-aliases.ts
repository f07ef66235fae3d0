import type { preValidationHookHandler } from 'fastify'
import type { RouteRow } from '../spec/compile.js'

/**
 * `x-sandbox-aliases: [other, …]` on a query parameter: the other spellings a document uses
 * for it (IMIconnect's table says `customerid`, its sample `customerId`). Their values join the
 * parameter's own before validation, so schemas, scenarios and handlers see one name.
 */
export function queryAliases (row: RouteRow): preValidationHookHandler | undefined {
  const aliases = new Map<string, string>()
  for (const parameter of row.operation.parameters ?? []) {
    const names = parameter['x-sandbox-aliases']
    if (names === undefined) continue
    if (parameter.in !== 'query' || !Array.isArray(names) || !names.every((n) => typeof n === 'string' && n !== '' && n !== parameter.name)) {
      throw new Error(`spec ${row.api.spec.file}: ${row.operationId}: x-sandbox-aliases of ${parameter.name} must list other names of a query parameter`)
    }
    for (const name of names as string[]) aliases.set(name, parameter.name)
  }
  if (aliases.size === 0) return undefined
  return (request, _reply, done) => {
    const query = request.query as Record<string, unknown>
    for (const [alias, name] of aliases) {
      const value = query[alias]
      if (value === undefined) continue
      const own = query[name]
      query[name] = own === undefined ? value : [own, value].flat()
      delete query[alias]
    }
    done()
  }
}
