import { Problem, type FieldRef } from '../../engine/problems.js'
import type { OAuthClient } from '../../auth/clients.js'

/** Citi's umbrella scope on the client-credentials call: every scope the client is registered for. */
export const ALL = '/api'

/** The scopes a request asks for, checked against the client's; an empty request or `/api` means all of them. */
export function grantedScopes (client: OAuthClient, requested: string | undefined, field: FieldRef): string[] {
  const own = client.scopes ?? []
  const asked = (requested ?? '').split(/[ +]+/).filter((s) => s !== '')
  if (asked.length === 0 || (asked.length === 1 && asked[0] === ALL)) return own
  const unknown = asked.filter((s) => !own.includes(s))
  if (unknown.length > 0) {
    throw new Problem('business-rule', `scope ${unknown.join(', ')} is not granted to client ${client.clientId}; it may ask for ${[ALL, ...own].join(', ')}`, { field, code: 'invalid_scope' })
  }
  return [...new Set(asked)]
}
