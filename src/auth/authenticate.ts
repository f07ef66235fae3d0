import type { FastifyRequest } from 'fastify'
import { Problem } from '../engine/problems.js'
import type { SecurityRequirement } from '../spec/types.js'
import type { SchemeChecker } from './schemes.js'

/** Resolves the tenant of a request from its credentials; throws a Problem when they are missing or wrong. */
export type Authenticate = (request: FastifyRequest) => string

/**
 * Compiles an operation's security requirements (alternatives, OpenAPI's OR) into one check.
 * The first alternative whose credential is present decides. An empty requirement `{}` makes
 * credentials optional: without them the request belongs to the shared default tenant.
 */
export function compileSecurity (
  requirements: SecurityRequirement[], checkers: ReadonlyMap<string, SchemeChecker>, defaultTenant: string, where: string,
): Authenticate | undefined {
  if (requirements.length === 0) return undefined
  let optional = false
  const alternatives: SchemeChecker[] = []
  for (const requirement of requirements) {
    const names = Object.keys(requirement)
    if (names.length === 0) { optional = true; continue }
    if (names.length > 1) throw new Error(`${where}: a security requirement combining ${names.join(' and ')} is not supported`)
    const checker = checkers.get(names[0] as string)
    if (checker === undefined) throw new Error(`${where}: security scheme ${names[0]} is not defined`)
    alternatives.push(checker)
  }
  const first = alternatives[0]
  if (first === undefined) return undefined
  const missing = `${first.field.in} '${first.field.name}' is required`
  return (request) => {
    for (const checker of alternatives) {
      if (checker.present(request)) return checker.check(request)
    }
    if (optional) return defaultTenant
    throw new Problem('missing-credentials', missing, { field: first.field })
  }
}
