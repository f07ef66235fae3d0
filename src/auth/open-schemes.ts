import type { FastifyRequest } from 'fastify'
import { Problem } from '../engine/problems.js'
import type { SecuritySchemeObject } from '../spec/types.js'
import { parseBasic } from './basic-header.js'
import { hexDigest } from './constant-time.js'
import type { Identity, SchemeChecker } from './schemes.js'

// An own API's security schemes when its credentials file lists none for them: any credential
// of the right shape is accepted, and each one is a tenant of its own (its data apart from every
// other's). Shapes: an API key is 1 to 512 visible ASCII characters; Basic is
// `Basic base64(user:password)` with a user (the tenant is the user: a password is no identity);
// bearer, OAuth 2 and OpenID Connect are `Bearer <token>` (RFC 6750's token characters).
// Tenants per API are bounded (`--max-tenants`): a credential past the bound is refused.

const KEY = /^[\x21-\x7e]{1,512}$/
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]{1,4096}=*)\s*$/i

/** Counts an API's credential tenants, up to a bound. */
export class TenantBudget {
  readonly #seen = new Set<string>()
  readonly #max: number
  readonly #api: string

  constructor (api: string, max: number) {
    this.#api = api
    this.#max = max
  }

  admit (tenant: string, field: Problem['field']): Identity {
    if (!this.#seen.has(tenant)) {
      if (this.#seen.size >= this.#max) {
        throw new Problem('forbidden', `this sandbox already serves ${this.#max} credentials of ${this.#api} (--max-tenants); use one of them`, field === undefined ? {} : { field })
      }
      this.#seen.add(tenant)
    }
    return { tenant }
  }
}

function headerValue (request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** One cookie's value from the Cookie header (RFC 6265: `a=1; b=2`). */
function cookieValue (request: FastifyRequest, name: string): string | undefined {
  const header = headerValue(request, 'cookie')
  if (header === undefined) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1')
  }
  return undefined
}

/** The checker of a scheme that takes any well-formed credential, each one its own tenant. */
export function openChecker (name: string, scheme: SecuritySchemeObject, budget: TenantBudget): SchemeChecker {
  const kind = scheme.type === 'http' ? `http:${(scheme.scheme ?? '').toLowerCase()}` : scheme.type
  if (kind === 'apiKey') {
    if (!['header', 'query', 'cookie'].includes(scheme.in ?? '') || typeof scheme.name !== 'string') {
      throw new Error(`security scheme ${name}: apiKey must be in a header, the query or a cookie, with a name`)
    }
    const where = scheme.in as 'header' | 'query' | 'cookie'
    const field = { in: where, name: scheme.name }
    const lower = scheme.name.toLowerCase()
    const read = where === 'header'
      ? (request: FastifyRequest) => headerValue(request, lower)
      : where === 'cookie'
        ? (request: FastifyRequest) => cookieValue(request, scheme.name!)
        : (request: FastifyRequest) => {
            const value = (request.query as Record<string, unknown> | undefined)?.[scheme.name!]
            return typeof value === 'string' ? value : undefined
          }
    return {
      field,
      present: (request) => (read(request) ?? '') !== '',
      check (request) {
        const key = read(request) ?? ''
        if (!KEY.test(key)) throw new Problem('bad-credentials', `${where} '${scheme.name}' must be 1 to 512 visible ASCII characters`, { field })
        return budget.admit(`key-${hexDigest(key).slice(0, 16)}`, field)
      },
    }
  }
  const field = { in: 'header' as const, name: 'Authorization' }
  // Basic and bearer alternatives share the header: each claims its own scheme word (and any other value).
  const claims = (other: RegExp) => (request: FastifyRequest): boolean => {
    const value = headerValue(request, 'authorization') ?? ''
    return value !== '' && !other.test(value)
  }
  if (kind === 'http:basic') {
    return {
      field,
      present: claims(/^bearer\b/i),
      check (request) {
        const presented = parseBasic(headerValue(request, 'authorization') ?? '')
        if (presented === undefined || !presented.colon || presented.user === '') {
          throw new Problem('bad-credentials', 'Authorization header must be "Basic <base64 of user:password>"', { field })
        }
        return budget.admit(`user-${presented.user}`, field)
      },
    }
  }
  if (kind === 'http:bearer' || kind === 'oauth2' || kind === 'openIdConnect') {
    return {
      field,
      present: claims(/^basic\b/i),
      check (request) {
        const token = BEARER.exec(headerValue(request, 'authorization') ?? '')?.[1]
        if (token === undefined) throw new Problem('bad-credentials', 'Authorization header must be "Bearer <token>"', { field })
        return budget.admit(`token-${hexDigest(token).slice(0, 16)}`, field)
      },
    }
  }
  throw new Error(`security scheme ${name} (${kind}) is not supported by the sandbox`)
}
