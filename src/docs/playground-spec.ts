import type { CredentialFile } from '../auth/credentials.js'
import type { ApiDef } from '../spec/compile.js'
import type { OAuthFlowObject, SecuritySchemeObject } from '../spec/types.js'
import { recordsFor, type DemoCredential } from './credentials.js'
import { addPlanPaths } from './plan-paths.js'
import { applyPrefill } from './prefill.js'

/** The block the playground's browser plugin reads from the document it loaded. */
export const PLAYGROUND_EXTENSION = 'x-sandbox-playground'

export interface PlaygroundBlock {
  /** Pre-filled into the OAuth 2.0 dialog: the first demo client of the API. */
  oauth?: { clientId: string, clientSecret: string, scopes: string[] }
}

const FLOW_URLS = ['authorizationUrl', 'tokenUrl', 'refreshUrl'] as const

/** A flow URL on one of the spec's own servers becomes a path, so it reaches whichever address serves the page. */
function relativeFlows (scheme: SecuritySchemeObject, servers: string[]): void {
  for (const flow of Object.values(scheme.flows ?? {}) as OAuthFlowObject[]) {
    for (const key of FLOW_URLS) {
      const url = flow[key]
      if (typeof url !== 'string') continue
      const server = servers.find((s) => url.startsWith(s + '/'))
      if (server !== undefined) flow[key] = url.slice(server.length)
    }
  }
}

function demoNote (demos: DemoCredential[]): string | undefined {
  if (demos.length === 0) return undefined
  const lines = demos.map((d) => `- ${d.fields.map(([label, value]) => `${label} \`${value}\``).join(', ')} (tenant \`${d.tenant}\`)`)
  return `**Sandbox demo credentials** (each selects its own data set):\n\n${lines.join('\n')}`
}

/** What an own API's open scheme accepts, in words (see src/auth/open-schemes.ts). */
function openNote (scheme: SecuritySchemeObject): string {
  const what = scheme.type === 'apiKey' ? 'any key' : scheme.type === 'http' && (scheme.scheme ?? '').toLowerCase() === 'basic' ? 'any user name and password' : 'any bearer token'
  const oauth = scheme.type === 'oauth2' || scheme.type === 'openIdConnect' ? ' (sent as `Authorization: Bearer <token>`; the sandbox issues none)' : ''
  return `**Sandbox**: ${what} works here${oauth}; each one has a data set of its own.`
}

function oauthBlock (schemes: Record<string, SecuritySchemeObject>, credentials: CredentialFile): PlaygroundBlock['oauth'] {
  for (const [name, scheme] of Object.entries(schemes)) {
    if (scheme.type !== 'oauth2') continue
    const client = recordsFor(name, scheme, credentials).find((c) => c.demo === true && typeof c.clientId === 'string' && typeof c.clientSecret === 'string')
    if (client === undefined) continue
    const scopes = client.scopes ?? [...new Set(Object.values(scheme.flows ?? {}).flatMap((f) => Object.keys(f.scopes ?? {})))]
    return { clientId: client.clientId!, clientSecret: client.clientSecret!, scopes }
  }
  return undefined
}

/**
 * The document Swagger UI loads for an API: the spec as written, except that
 * - its server is this sandbox (`/`, the origin the page came from), so "Try it out" calls
 *   the running sandbox on whatever address and port it listens;
 * - OAuth flow URLs on the spec's own servers become paths on this sandbox;
 * - each security scheme's description lists its demo credentials;
 * - header parameters with `x-sandbox-prefill` show a placeholder the browser replaces;
 * - `x-sandbox-playground` carries what the browser plugin pre-fills (the demo OAuth client);
 * - the caller's runtime plans (`/__sandbox/plans`) are there to try, under their own tag.
 */
export function playgroundSpec (api: ApiDef, credentials: CredentialFile, demo: DemoCredential[]): Record<string, unknown> {
  const doc = structuredClone(api.spec.raw) as unknown as Record<string, unknown> & {
    components?: { securitySchemes?: Record<string, SecuritySchemeObject> }
    paths?: Record<string, Record<string, unknown>>
  }
  const servers = (api.spec.raw.servers ?? []).map((s) => s.url.replace(/\/+$/, ''))
  doc.servers = [{ url: '/', description: 'this sandbox (the address this page came from)' }]
  for (const item of Object.values(doc.paths ?? {})) {
    delete item.servers
    for (const operation of Object.values(item)) if (operation !== null && typeof operation === 'object') delete (operation as { servers?: unknown }).servers
  }
  const schemes = doc.components?.securitySchemes ?? {}
  for (const [name, scheme] of Object.entries(schemes)) {
    relativeFlows(scheme, servers)
    // An own API's scheme without listed credentials takes any credential of its shape.
    const note = api.own && (credentials[name] ?? []).length === 0 ? openNote(scheme) : demoNote(demo.filter((d) => d.scheme === name))
    if (note !== undefined) scheme.description = scheme.description === undefined ? note : `${scheme.description}\n\n${note}`
  }
  applyPrefill(doc, api.spec.file)
  addPlanPaths(doc, api)
  const oauth = oauthBlock(schemes, credentials)
  const block: PlaygroundBlock = oauth === undefined ? {} : { oauth }
  doc[PLAYGROUND_EXTENSION] = block
  return doc
}
