import type { FastifyRequest } from 'fastify'
import { Problem } from '../engine/problems.js'
import type { SecurityRequirement } from '../spec/types.js'
import type { Identity, SchemeChecker } from './schemes.js'

/** Resolves the caller of a request from its credentials; throws a Problem when they are missing or wrong. */
export type Authenticate = (request: FastifyRequest) => Identity | Promise<Identity>

/**
 * A requirement naming several schemes (OpenAPI's AND): it decides once any of its credentials
 * is sent; each must then be sent and valid, and the caller's tenant is theirs together.
 */
function combined (parts: Array<{ checker: SchemeChecker, scopes: string[] }>): SchemeChecker {
  const join = (identities: Identity[]): Identity => ({ ...identities[0]!, tenant: identities.map((i) => i.tenant).join('+') })
  return {
    field: parts[0]!.checker.field,
    present: (request) => parts.some((p) => p.checker.present(request)),
    check (request) {
      const lacking = parts.find((p) => !p.checker.present(request))?.checker
      if (lacking !== undefined) {
        throw new Problem('missing-credentials', `${lacking.field.in} '${lacking.field.name}' is required`, { field: lacking.field })
      }
      const identities = parts.map((p) => p.checker.check(request, p.scopes))
      return identities.some((i) => i instanceof Promise) ? Promise.all(identities).then(join) : join(identities as Identity[])
    },
  }
}

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
  const alternatives: Array<{ checker: SchemeChecker, scopes: string[] }> = []
  for (const requirement of requirements) {
    const names = Object.keys(requirement)
    if (names.length === 0) { optional = true; continue }
    if (names.length > 1) {
      const parts = names.map((name) => {
        const checker = checkers.get(name)
        if (checker === undefined) throw new Error(`${where}: security scheme ${name} is not defined`)
        return { checker, scopes: requirement[name] ?? [] }
      })
      alternatives.push({ checker: combined(parts), scopes: [] })
      continue
    }
    const name = names[0] as string
    const checker = checkers.get(name)
    if (checker === undefined) throw new Error(`${where}: security scheme ${name} is not defined`)
    alternatives.push({ checker, scopes: requirement[name] ?? [] })
  }
  const first = alternatives[0]?.checker
  if (first === undefined) return undefined
  const missing = `${first.field.in} '${first.field.name}' is required`
  const anonymous: Identity = { tenant: defaultTenant }
  const unrecognised = (err: unknown): boolean => err instanceof Problem && err.kind === 'bad-credentials'
  // From alternative `start` on (a shared engine's token check answers later: the rest waits for it).
  const from = (request: FastifyRequest, start: number): Identity | Promise<Identity> => {
    for (let i = start; i < alternatives.length; i++) {
      const { checker, scopes } = alternatives[i]!
      if (!checker.present(request)) continue
      if (checker.unrecognisedIsAnonymous !== true) return checker.check(request, scopes)
      // A drop-in client's own credential (another token, another scheme) is as good as none.
      try {
        const identity = checker.check(request, scopes)
        if (identity instanceof Promise) return identity.catch((err: unknown) => (unrecognised(err) ? from(request, i + 1) : Promise.reject(err)))
        return identity
      } catch (err) {
        if (!unrecognised(err)) throw err
      }
    }
    if (optional) return anonymous
    throw new Problem('missing-credentials', missing, { field: first.field })
  }
  return (request) => from(request, 0)
}
