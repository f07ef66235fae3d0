import type { CredentialFile } from '../auth/credentials.js'
import type { Scenario } from '../engine/scenarios.js'
import type { ApiDef } from '../spec/compile.js'
import { seedOf } from './check.js'
import { demoCredentials, type DemoCredential } from './credentials.js'
import { playgroundSpec } from './playground-spec.js'

/** What the sandbox knows about one API at boot, from which its docs are built. */
export interface DocsSource {
  api: ApiDef
  credentials: CredentialFile
  scenarios: Scenario[]
}

/** A token endpoint of an OAuth 2.0 scheme. */
export interface TokenFlow {
  scheme: string
  flow: string
  tokenUrl: string
  authorizationUrl?: string
  scopes: string[]
}

export interface ScenarioRow {
  operation: string
  trigger: string
  status: number
  message: string
}

/** One API as /docs shows it; everything comes from its spec, fixtures and credentials file. */
export interface DocsApi {
  id: string
  title: string
  version: string
  summary: string
  seed: { file: string, title: string } | undefined
  prefixes: string[]
  operations: number
  /** The spec's file name. */
  file: string
  /** The spec file's text, served as it is. */
  yaml: string
  /** The same document as JSON. */
  json: string
  /** The document Swagger UI loads: the spec, with this sandbox as its server (see playground-spec.ts). */
  playground: Record<string, unknown>
  demo: DemoCredential[]
  flows: TokenFlow[]
  scenarios: ScenarioRow[]
}

function tokenFlows (api: ApiDef): TokenFlow[] {
  const flows: TokenFlow[] = []
  for (const [scheme, object] of Object.entries(api.securitySchemes)) {
    if (object.type !== 'oauth2') continue
    for (const [flow, settings] of Object.entries(object.flows ?? {})) {
      if (typeof settings.tokenUrl !== 'string') continue
      flows.push({
        scheme,
        flow,
        tokenUrl: settings.tokenUrl,
        ...(typeof settings.authorizationUrl === 'string' ? { authorizationUrl: settings.authorizationUrl } : {}),
        scopes: Object.keys(settings.scopes ?? {}),
      })
    }
  }
  return flows
}

function scenarioRows ({ api, scenarios }: DocsSource): ScenarioRow[] {
  return scenarios.map((s) => {
    const row = api.rows.find((r) => r.operationId === s.operationId)
    return {
      operation: row === undefined ? s.operationId : `${s.operationId} (${row.method} ${row.path})`,
      trigger: `${s.trigger.in} ${s.trigger.name} = ${s.trigger.value}`,
      status: row?.dialect.table[s.outcome.problem].status ?? 500,
      message: s.outcome.message,
    }
  })
}

/** Builds the docs model of every API once, at boot. A bad `x-sandbox-prefill` fails here. */
export function buildCatalogue (sources: DocsSource[]): DocsApi[] {
  return sources.map((source) => {
    const { api } = source
    const { raw, file } = api.spec
    const demo = demoCredentials(api.securitySchemes, source.credentials)
    const seed = seedOf(raw, file)
    return {
      id: api.id,
      title: api.title,
      version: api.version,
      summary: raw.info.summary ?? '',
      seed,
      prefixes: api.prefixes,
      operations: api.rows.length,
      file,
      yaml: api.spec.text,
      json: JSON.stringify(raw, null, 2),
      playground: playgroundSpec(api, source.credentials, demo),
      demo,
      flows: tokenFlows(api),
      scenarios: scenarioRows(source),
    }
  })
}
