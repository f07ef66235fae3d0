import type { FastifyRequest } from 'fastify'
import { Problem } from '../engine/problems.js'
import type { SecuritySchemeObject } from '../spec/types.js'
import { parseBasic } from './basic-header.js'
import { digest, hexDigest, matchesDigest, perConnection } from './constant-time.js'
import type { CredentialRecord } from './credentials.js'
import type { Maybe, TokenKeeper, TokenLookup } from './tokens.js'

/** Who is calling, as the credential says. */
export interface Identity {
  tenant: string
  /** The OAuth client, for token credentials. */
  clientId?: string
  /** The customer a token acts for. */
  subject?: string
  scopes?: string[]
}

/** Checks one security scheme on a request. */
export interface SchemeChecker {
  /** The header or parameter the credential travels in, as documented. */
  field: { in: 'header' | 'query' | 'cookie', name: string }
  present: (request: FastifyRequest) => boolean
  /**
   * The caller's identity; throws a Problem when the credential is not a valid one, or lacks a
   * required scope. A promise only for tokens kept by a shared engine.
   */
  check: (request: FastifyRequest, scopes: string[]) => Maybe<Identity>
  /** `x-sandbox-unrecognised-credentials: anonymous`: a credential this scheme does not know counts as none sent. */
  unrecognisedIsAnonymous?: boolean
}

export interface CheckerContext {
  /** Tokens the API's sandbox issued (bearer and OAuth 2 schemes). */
  tokens: TokenKeeper
}

type CheckerFactory = (name: string, scheme: SecuritySchemeObject, credentials: CredentialRecord[], context: CheckerContext) => SchemeChecker

function headerValue (request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** The request's connection, which remembers the last credential checked on it (none on a bare request object). */
function connectionOf (request: FastifyRequest): object | undefined {
  return (request.raw as FastifyRequest['raw'] | undefined)?.socket
}

const basic: CheckerFactory = (name, _scheme, credentials) => {
  // Entries are users (username, password) or OAuth clients (clientId, clientSecret: client authentication).
  const users = new Map<string, { password: Buffer, identity: Identity }>()
  for (const c of credentials) {
    // A public OAuth client has no secret to send: it names itself in the token request's form.
    if (c.public === true) continue
    const user = c.username ?? c.clientId
    const password = c.password ?? c.clientSecret
    if (typeof user !== 'string' || typeof password !== 'string') {
      throw new Error(`credentials for ${name} need a username and a password (or a clientId and a clientSecret)`)
    }
    users.set(user, { password: digest(password), identity: c.clientId === undefined ? { tenant: c.tenant } : { tenant: c.tenant, clientId: c.clientId } })
  }
  // Compared against when the user is unknown, so both paths cost the same.
  const decoy = digest('\u0000no-such-user')
  const what = credentials.length > 0 && credentials.every((c) => c.username === undefined) ? 'client id and secret' : 'user and password'
  const field = { in: 'header' as const, name: 'Authorization' }
  // The verdict on a header value: the users are fixed for the checker's life.
  const verdict = perConnection((value: string): Identity | Problem => {
    const presented = parseBasic(value)
    if (presented === undefined) {
      return new Problem('bad-credentials', 'Authorization header must be "Basic <base64 of user:password>"', { field })
    }
    const user = users.get(presented.user)
    const ok = matchesDigest(presented.password, user?.password ?? decoy)
    if (user === undefined || !ok || !presented.colon) {
      return new Problem('bad-credentials', `Authorization header does not hold a registered sandbox ${what}`, { field })
    }
    return user.identity
  })
  return {
    field,
    present: (request) => (headerValue(request, 'authorization') ?? '') !== '',
    check (request) {
      const identity = verdict(connectionOf(request), headerValue(request, 'authorization') ?? '')
      if (identity instanceof Problem) throw identity
      return identity
    },
  }
}

const apiKey: CheckerFactory = (name, scheme, credentials) => {
  if ((scheme.in !== 'header' && scheme.in !== 'query') || typeof scheme.name !== 'string') {
    throw new Error(`security scheme ${name}: apiKey must be in a header or the query, with a name`)
  }
  // Keys are looked up by their digest, so the lookup reveals nothing about the key itself.
  const keys = new Map<string, string>()
  for (const c of credentials) {
    if (typeof c.key !== 'string') throw new Error(`credentials for ${name} need a key`)
    keys.set(hexDigest(c.key), c.tenant)
  }
  const field = { in: scheme.in, name: scheme.name }
  const paramName = scheme.name
  const lower = paramName.toLowerCase()
  const read = scheme.in === 'header'
    ? (request: FastifyRequest) => headerValue(request, lower)
    : (request: FastifyRequest) => {
        const value = (request.query as Record<string, unknown> | undefined)?.[paramName]
        return typeof value === 'string' ? value : undefined
      }
  const tenantOf = perConnection((key: string) => keys.get(hexDigest(key)))
  return {
    field,
    present: (request) => (read(request) ?? '') !== '',
    check (request) {
      const tenant = tenantOf(connectionOf(request), read(request) ?? '')
      if (tenant === undefined) {
        throw new Problem('bad-credentials', `${scheme.in} '${scheme.name}' is not a registered sandbox key`, { field })
      }
      return { tenant }
    },
  }
}

/**
 * Bearer tokens: fixed ones registered in the credentials file (`token`), or access tokens this
 * API's sandbox issued (any case of the scheme word). With `x-sandbox-client-header`, that
 * header must also name the client an issued token belongs to.
 */
const bearer: CheckerFactory = (name, scheme, credentials, { tokens }) => {
  const field = { in: 'header' as const, name: 'Authorization' }
  // Fixed tokens are looked up by their digest, like API keys.
  const fixed = new Map<string, { tenant: string, scopes: string[] }>()
  for (const c of credentials) {
    if (c.token === undefined) continue
    if (typeof c.token !== 'string' || c.token === '') throw new Error(`credentials for ${name}: token must be a non-empty string`)
    fixed.set(hexDigest(c.token), { tenant: c.tenant, scopes: c.scopes ?? [] })
  }
  const clientHeader = scheme['x-sandbox-client-header']
  if (clientHeader !== undefined && (typeof clientHeader !== 'string' || clientHeader === '')) {
    throw new Error(`security scheme ${name}: x-sandbox-client-header must be a header name`)
  }
  const checkClient = clientHeader === undefined ? undefined : clientMatcher(clientHeader)
  const malformed = new Problem('bad-credentials', 'Authorization header must be "Bearer <access token>"', { field })
  // The digest of the token a header value holds (tokens come and go: they are looked up every time).
  const tokenDigest = perConnection((value: string): string | undefined => {
    const match = /^bearer[ ]+(\S+)\s*$/i.exec(value)
    return match?.[1] === undefined ? undefined : hexDigest(match[1])
  })
  return {
    field,
    present: (request) => (headerValue(request, 'authorization') ?? '') !== '',
    check (request, scopes) {
      const presented = tokenDigest(connectionOf(request), headerValue(request, 'authorization') ?? '')
      if (presented === undefined) throw malformed
      const own = fixed.size === 0 ? undefined : fixed.get(presented)
      if (own !== undefined) {
        requireScopes(own.scopes, scopes, 'the token')
        return { tenant: own.tenant, scopes: own.scopes }
      }
      const found = tokens.findByDigest('access', presented)
      return found instanceof Promise ? found.then((lookup) => judge(request, scopes, lookup)) : judge(request, scopes, found)
    },
  }

  function judge (request: FastifyRequest, scopes: string[], found: TokenLookup): Identity {
      if (found.status === 'unknown') throw new Problem('bad-credentials', 'Authorization header does not hold an access token issued by the sandbox', { field })
      if (found.status === 'expired') throw new Problem('bad-credentials', 'the access token has expired; request a new one', { field })
      const { token } = found
      checkClient?.(request, token.clientId)
      requireScopes(token.scopes, scopes, 'the access token')
      const identity: Identity = { tenant: token.tenant, clientId: token.clientId, scopes: token.scopes }
      if (token.subject !== undefined) identity.subject = token.subject
      return identity
  }
}

/** Throws the forbidden problem naming the scopes an operation needs that a token was not granted. */
function requireScopes (granted: string[], needed: string[], what: string): void {
  const lacking = needed.filter((scope) => !granted.includes(scope))
  if (lacking.length > 0) throw new Problem('forbidden', `${what} lacks the scope ${lacking.join(', ')}`, { field: { in: 'header', name: 'Authorization' } })
}

/** The check of a header that must name the token's client: missing → missing-header, another client → bad-credentials. */
function clientMatcher (header: string): (request: FastifyRequest, clientId: string) => void {
  const lower = header.toLowerCase()
  const field = { in: 'header' as const, name: header }
  return (request, clientId) => {
    const value = headerValue(request, lower) ?? ''
    if (value === '') throw new Problem('missing-header', `header '${header}' is required`, { field, reason: 'required' })
    if (value !== clientId) throw new Problem('bad-credentials', `header '${header}' does not name the client the access token was issued to`, { field })
  }
}

const factories: Record<string, CheckerFactory | undefined> = { 'http:basic': basic, 'http:bearer': bearer, oauth2: bearer, apiKey }

export function schemeChecker (name: string, scheme: SecuritySchemeObject, credentials: CredentialRecord[], context: CheckerContext): SchemeChecker {
  const kind = scheme.type === 'http' ? `http:${(scheme.scheme ?? '').toLowerCase()}` : scheme.type
  const factory = factories[kind]
  if (factory === undefined) throw new Error(`security scheme ${name} (${kind}) is not supported by the sandbox`)
  const checker = factory(name, scheme, credentials, context)
  const unrecognised = scheme['x-sandbox-unrecognised-credentials']
  if (unrecognised === 'anonymous') checker.unrecognisedIsAnonymous = true
  else if (unrecognised !== undefined) throw new Error(`security scheme ${name}: x-sandbox-unrecognised-credentials must be "anonymous"`)
  return checker
}
