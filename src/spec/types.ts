// The parts of an OpenAPI 3.1 document the engine reads. Specs are data; these types only
// name what is used.

import type { GenerateSpec } from '../data/types.js'

export type JsonSchema = Record<string, unknown>

export interface ParameterObject {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required?: boolean
  schema?: JsonSchema
  description?: string
  [extension: `x-${string}`]: unknown
}

export interface MediaTypeObject {
  schema?: JsonSchema
  example?: unknown
  examples?: Record<string, { value?: unknown, summary?: string }>
}

export interface RequestBodyObject {
  required?: boolean
  content?: Record<string, MediaTypeObject>
}

export interface ResponseObject {
  description: string
  headers?: Record<string, { schema?: JsonSchema }>
  content?: Record<string, MediaTypeObject>
}

export type SecurityRequirement = Record<string, string[]>

export interface OperationObject {
  operationId?: string
  summary?: string
  parameters?: ParameterObject[]
  requestBody?: RequestBodyObject
  responses?: Record<string, ResponseObject>
  security?: SecurityRequirement[]
  [extension: `x-${string}`]: unknown
}

export type PathItemObject = {
  parameters?: ParameterObject[]
} & Partial<Record<HttpMethod, OperationObject>>

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const
export type HttpMethod = (typeof HTTP_METHODS)[number]

export interface OAuthFlowObject {
  authorizationUrl?: string
  tokenUrl?: string
  refreshUrl?: string
  scopes?: Record<string, string>
}

export interface SecuritySchemeObject {
  type: 'http' | 'apiKey' | 'oauth2' | 'openIdConnect' | 'mutualTLS'
  description?: string
  scheme?: string
  name?: string
  in?: 'header' | 'query' | 'cookie'
  flows?: Record<string, OAuthFlowObject>
  [extension: `x-${string}`]: unknown
}

/** The API-level `x-sandbox` block. */
export interface SandboxBlock {
  /** Required with a dialect; an own API (no dialect) is named after its file when it has none. */
  id: string
  /** A built-in dialect; none: the spec is a user's own, served from its REST shape. */
  dialect: string
  prefixes?: string[]
  /** The seed document the spec was written from: its file in the seeds folder and what it is (shown on /docs). */
  seed?: { file: string, title: string }
  /** Collections that `--customers` adds generated records to (see src/data/generate.ts). */
  generate?: Record<string, GenerateSpec>
  /** The schema of each fixture collection's records, checked at boot in contract mode (`name*`: a prefix). */
  records?: Record<string, string>
  /** Own APIs: how many records each collection starts with (default 3; per parent record for nested ones). */
  count?: number
  /** Own APIs: the error schema, statuses and fields to use instead of those inferred (see src/dialects/own.ts). */
  errors?: { schema?: string, status?: Record<string, number>, fields?: Record<string, string> }
}

export interface OpenApiDocument {
  openapi: string
  info: { title: string, version: string, summary?: string }
  servers?: Array<{ url: string, description?: string }>
  paths?: Record<string, PathItemObject>
  security?: SecurityRequirement[]
  components?: { securitySchemes?: Record<string, SecuritySchemeObject>, schemas?: Record<string, JsonSchema>, [k: string]: unknown }
  'x-sandbox'?: SandboxBlock
}
