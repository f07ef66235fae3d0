import type { ApiDef, RouteRow } from '../spec/compile.js'
import type { OAuthFlowObject, SecuritySchemeObject } from '../spec/types.js'
import type { OAuthClient } from './clients.js'
import { offeredPkceMethods } from './pkce.js'

// OAuth 2.0 Authorization Server Metadata (RFC 8414), derived from an API's spec and registered
// clients at boot: the security scheme's flows give the endpoints, grant types and scopes; the
// operations at those endpoints give the client authentication methods and PKCE methods.

/** The grant type each OpenAPI flow stands for. */
const GRANTS: Record<string, string> = { authorizationCode: 'authorization_code', clientCredentials: 'client_credentials', password: 'password', implicit: 'implicit' }

/** A metadata document whose URLs are paths (or absolute URLs off this sandbox); the origin is added per request. */
export interface MetadataTemplate {
  apiId: string
  /** The document with `issuer` and endpoint paths still to be prefixed with the origin. */
  document: Record<string, unknown>
  /** Fields holding a path on this sandbox (top level, or inside `token_endpoints_by_grant_type`). */
  paths: string[]
}

/** A flow URL on one of the spec's own servers becomes a path, so it names whichever address serves the document. */
function pathOf (url: string, servers: string[]): string {
  const server = servers.find((s) => url.startsWith(s + '/'))
  return server === undefined ? url : url.slice(server.length)
}

/** How clients may authenticate at an endpoint, from its operation: Basic always (RFC 6749 §2.3.1), form fields when its body has client_secret, none for public clients where credentials are optional. */
function authMethods (row: RouteRow | undefined, clients: OAuthClient[]): string[] {
  const methods: string[] = []
  if (clients.some((c) => !c.public)) methods.push('client_secret_basic')
  const properties = (row?.schema.body as { properties?: Record<string, unknown> } | undefined)?.properties ?? {}
  if (clients.some((c) => !c.public) && 'client_secret' in properties) methods.push('client_secret_post')
  const optional = row === undefined || row.security.length === 0 || row.security.some((r) => Object.keys(r).length === 0)
  if (clients.some((c) => c.public) && optional) methods.push('none')
  return methods
}

/** The metadata of an API's first OAuth 2.0 security scheme; undefined when it has none. */
export function metadataTemplate (api: ApiDef, clients: OAuthClient[]): MetadataTemplate | undefined {
  const found = Object.entries(api.securitySchemes).find(([, s]) => s.type === 'oauth2' && Object.keys(s.flows ?? {}).length > 0)
  if (found === undefined) return undefined
  const [name, scheme] = found as [string, SecuritySchemeObject]
  const where = `spec ${api.spec.file}: security scheme ${name}`
  const servers = (api.spec.raw.servers ?? []).map((s) => s.url.replace(/\/+$/, ''))
  const flows = scheme.flows as Record<string, OAuthFlowObject>
  const rowAt = (path: string, method: string): RouteRow | undefined => api.rows.find((r) => r.path === path && r.method === method)

  const byGrant: Record<string, string> = {}
  const scopes = new Set<string>()
  for (const [flow, def] of Object.entries(flows)) {
    const grant = GRANTS[flow]
    if (grant === undefined) throw new Error(`${where}: flow ${flow} is not an OpenAPI OAuth flow`)
    if (def.tokenUrl !== undefined) byGrant[grant] = pathOf(def.tokenUrl, servers)
    if (def.refreshUrl !== undefined) byGrant.refresh_token = pathOf(def.refreshUrl, servers)
    for (const scope of Object.keys(def.scopes ?? {})) scopes.add(scope)
  }
  const code = flows.authorizationCode
  const tokenEndpoint = byGrant.authorization_code ?? byGrant.client_credentials ?? Object.values(byGrant)[0]
  const document: Record<string, unknown> = { issuer: `/${api.id}` }
  const paths = ['issuer']
  if (code?.authorizationUrl !== undefined) {
    document.authorization_endpoint = pathOf(code.authorizationUrl, servers)
    paths.push('authorization_endpoint')
  }
  if (tokenEndpoint !== undefined) {
    document.token_endpoint = tokenEndpoint
    paths.push('token_endpoint')
    document.token_endpoint_auth_methods_supported = authMethods(rowAt(tokenEndpoint, 'POST'), clients)
  }
  // Not every API takes every grant at one URL: the token endpoint of each grant, as an extension field.
  document.token_endpoints_by_grant_type = byGrant
  document.grant_types_supported = Object.keys(byGrant)
  document.response_types_supported = code === undefined ? [] : ['code']
  if (code !== undefined) document.response_modes_supported = ['query']
  document.scopes_supported = [...scopes]
  const revocation = scheme['x-sandbox-revocation-url']
  if (revocation !== undefined) {
    if (typeof revocation !== 'string' || revocation === '') throw new Error(`${where}: x-sandbox-revocation-url must be a URL or a path`)
    document.revocation_endpoint = pathOf(revocation, servers)
    paths.push('revocation_endpoint')
    document.revocation_endpoint_auth_methods_supported = authMethods(rowAt(document.revocation_endpoint as string, 'POST'), clients)
  }
  if (code?.authorizationUrl !== undefined) {
    const page = rowAt(document.authorization_endpoint as string, 'GET')
    if (page !== undefined) document.code_challenge_methods_supported = offeredPkceMethods(page.operation, `spec ${api.spec.file}: ${page.operationId}`)
  }
  return { apiId: api.id, document, paths }
}

/** The document as served on an origin: every path on this sandbox becomes a URL on it. */
export function metadataOn (template: MetadataTemplate, origin: string): Record<string, unknown> {
  const absolute = (value: string): string => value.startsWith('/') ? origin + value : value
  const out: Record<string, unknown> = { ...template.document }
  for (const field of template.paths) out[field] = absolute(out[field] as string)
  const byGrant = template.document.token_endpoints_by_grant_type as Record<string, string>
  out.token_endpoints_by_grant_type = Object.fromEntries(Object.entries(byGrant).map(([grant, path]) => [grant, absolute(path)]))
  return out
}
