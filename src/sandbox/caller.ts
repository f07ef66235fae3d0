import type { FastifyRequest } from 'fastify'
import { compileSecurity, type Authenticate } from '../auth/authenticate.js'
import { matchesDigest, digest } from '../auth/constant-time.js'
import type { Identity, SchemeChecker } from '../auth/schemes.js'
import { Problem } from '../engine/problems.js'
import type { ApiDef } from '../spec/compile.js'

/** Who calls a control route: the admin, or one tenant of one API. */
export type Caller = { admin: true } | { admin: false, api: ApiDef, tenant: string }

const ADMIN_HEADER = 'x-sandbox-admin-token'

/**
 * Identifies callers of the /__sandbox routes: the admin token (compared in constant time), or
 * `?api=<id>` with a credential of that API, checked as the API's own operations check it.
 */
export class CallerIdentifier {
  readonly #admin: Buffer | undefined
  readonly #apis = new Map<string, { api: ApiDef, authenticate: Authenticate | undefined }>()

  constructor (adminToken: string | undefined) {
    this.#admin = adminToken === undefined ? undefined : digest(adminToken)
  }

  addApi (api: ApiDef, checkers: ReadonlyMap<string, SchemeChecker>): void {
    // The first operation that needs credentials shows how the API's callers identify.
    const security = api.rows.find((r) => r.security.some((s) => Object.keys(s).length > 0))?.security ?? []
    this.#apis.set(api.id, { api, authenticate: compileSecurity(security, checkers, 'default', `${api.spec.file} /__sandbox`) })
  }

  identify (request: FastifyRequest, apiId: string | undefined): Caller | Promise<Caller> {
    const presented = request.headers[ADMIN_HEADER]
    if (typeof presented === 'string') {
      if (this.#admin === undefined) throw new Problem('forbidden', 'no admin token is configured on this sandbox (--admin-token)', { field: { in: 'header', name: 'X-Sandbox-Admin-Token' } })
      if (!matchesDigest(presented, this.#admin)) throw new Problem('bad-credentials', 'X-Sandbox-Admin-Token is not the admin token', { field: { in: 'header', name: 'X-Sandbox-Admin-Token' } })
      return { admin: true }
    }
    if (apiId === undefined) {
      throw new Problem('missing-parameter', `query parameter 'api' is required (one of: ${[...this.#apis.keys()].join(', ')}), with that API's credentials; or send X-Sandbox-Admin-Token`, { field: { in: 'query', name: 'api' } })
    }
    const found = this.#apis.get(apiId)
    if (found === undefined) throw new Problem('invalid-parameter', `query parameter 'api' must be one of: ${[...this.#apis.keys()].join(', ')}`, { field: { in: 'query', name: 'api' } })
    const identity = found.authenticate?.(request) ?? { tenant: 'default' }
    const caller = (who: Identity): Caller => ({ admin: false, api: found.api, tenant: `${apiId}:${who.tenant}` })
    return identity instanceof Promise ? identity.then(caller) : caller(identity)
  }
}
