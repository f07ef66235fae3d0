import { STATUS_CODES } from 'node:http'
import { dialects } from '../dialects/index.js'
import type { Dialect } from '../dialects/types.js'
import { ownDialect } from '../dialects/own.js'
import { toJsonSchema, withoutReadOnlyRequired } from './json-schema.js'
import { SpecError, bodySchemaKey, responseSchemaKey, type LoadedSpec } from './load.js'
import type { Behaviours } from '../engine/handler-types.js'
import { inferBindings, type Binding, type Resource } from './resources.js'
import {
  HTTP_METHODS,
  type JsonSchema,
  type OperationObject,
  type ParameterObject,
  type SecurityRequirement,
  type SecuritySchemeObject,
} from './types.js'

/** One API, as the engine sees it after boot. */
export interface ApiDef {
  id: string
  title: string
  version: string
  dialect: Dialect
  /** Path prefixes that belong to this API: unknown routes under them get its envelope. */
  prefixes: string[]
  securitySchemes: Record<string, SecuritySchemeObject>
  spec: LoadedSpec
  rows: RouteRow[]
  /**
   * An API served from its spec's REST shape alone (a user's own spec: its `x-sandbox` block, if
   * any, names no dialect): inferred CRUD, seeded records, its own error schema, any credential.
   */
  own: boolean
  /** Own APIs: how many records each collection starts with (`x-sandbox.count`). */
  records: number
  /** Handlers of the `--behaviours` folder's module for this API, by operationId or `x-sandbox-handler` name. */
  behaviours?: Behaviours
}

export interface RouteSchemas {
  params?: JsonSchema
  querystring?: JsonSchema
  headers?: JsonSchema
  body?: JsonSchema
  response: Record<string, JsonSchema>
}

/** A documented parameter, as messages name it. */
export interface ParameterInfo {
  /** The name as the spec writes it. */
  name: string
  /** `x-sandbox-invalid-message`: replaces the validator's words for an invalid value. */
  invalidMessage?: string
}

/** One operation, flattened: everything the engine needs to register and serve it. */
export interface RouteRow {
  api: ApiDef
  method: string
  /** Fastify's form of the path (`/a/:b`); parameter names Fastify cannot route on are renamed (see `paramNames`). */
  url: string
  /** Path parameters renamed for Fastify's router (`party_number`) → the spec's name (`party-number`). Empty for most routes. */
  paramNames: Record<string, string>
  /** The spec's form of the path (`/a/{b}`). */
  path: string
  operationId: string
  operation: OperationObject
  /** The API's dialect, or the operation's own (`x-sandbox-dialect`, e.g. oauth2 for a token endpoint). */
  dialect: Dialect
  schema: RouteSchemas
  /**
   * The documented parameters by where they travel (`path`, `query`, `header`) and the name the
   * request schema keys them by (headers in lower case): the name as the spec writes it, and
   * the clearer message for an invalid value (`x-sandbox-invalid-message`), for messages.
   */
  parameters: Record<string, Record<string, ParameterInfo>>
  security: SecurityRequirement[]
  handler: string
  /** The collection the operation works on, inferred from the REST shape (own APIs) or from `x-sandbox-collection`. */
  resource?: Resource
  successStatus: number
  /** Every documented status with its JSON body schema (null: documented without a JSON body). */
  responses: Map<number, JsonSchema | null>
  /** Every documented status with the media types of its body (empty: no body). */
  responseTypes: Map<number, string[]>
  /** Media types the request body is documented in (empty: the operation takes no body). */
  bodyMediaTypes: string[]
}

const ID_PATTERN = /^[a-z][a-z0-9-]*$/

/** Request body media types Fastify parses into a value its schema can validate. */
const STRUCTURED_TYPES = ['application/json', 'application/x-www-form-urlencoded']
/** JSON under another name (RFC 6839): `application/merge-patch+json`, `application/vnd.x+json`. */
const JSON_SUFFIX = /^application\/[\w.-]+\+json$/

/** An own API's id when its spec names none: the file name, lower case (`Pet Store.yaml` → `pet-store`). */
export function idFromFile (file: string): string {
  const id = file.replace(/\.(ya?ml|json)$/i, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^[^a-z]+|-+$/g, '')
  return id === '' ? 'api' : id
}

export function compileApi (spec: LoadedSpec): ApiDef {
  const { doc, file } = spec
  const block = doc['x-sandbox']
  if (block !== undefined && (block === null || typeof block !== 'object')) throw new SpecError(file, 'x-sandbox must be an object')
  // No dialect named: the spec is a user's own, served from its REST shape.
  const own = block?.dialect === undefined
  const id = block?.id ?? (own ? idFromFile(file) : undefined)
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw new SpecError(file, 'x-sandbox.id must be a lower-case name like "wm"')
  }
  const dialect = own ? ownDialect(doc, file) : dialects.get(block.dialect)
  if (dialect === undefined) {
    throw new SpecError(file, `x-sandbox.dialect "${String(block?.dialect)}" is not one of: ${[...dialects.keys()].join(', ')}`)
  }
  const paths = Object.keys(doc.paths ?? {})
  if (paths.length === 0) throw new SpecError(file, 'has no paths')
  const records = block?.count ?? 3
  if (!Number.isInteger(records) || records < 0 || records > 10_000) throw new SpecError(file, 'x-sandbox.count must be a whole number from 0 to 10000')

  const api: ApiDef = {
    id,
    title: doc.info.title,
    version: doc.info.version,
    dialect,
    prefixes: block?.prefixes ?? (own ? firstSegments(paths) : [commonPrefix(paths, file)]),
    securitySchemes: doc.components?.securitySchemes ?? {},
    spec,
    rows: [],
    own,
    records,
  }
  if (own) expandDefaults(doc, dialect)
  const bindings = own ? inferBindings(doc, file) : new Map<string, Binding>()
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item[method]
      if (operation === undefined) continue
      api.rows.push(compileOperation(api, path, method.toUpperCase(), operation, item.parameters ?? [], bindings.get(`${method.toUpperCase()} ${path}`)))
    }
  }
  return api
}

/**
 * An own API's `default` answer stands for every error status the sandbox may answer that the
 * operation does not list (so they are documented for Prefer, serializers and contract checks),
 * and for its success when it documents no 2xx.
 */
function expandDefaults (doc: ApiDef['spec']['doc'], dialect: Dialect): void {
  const statuses = [...new Set(Object.values(dialect.table).map((entry) => String(entry.status)))]
  for (const item of Object.values(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const responses = item[method]?.responses
      const fallback = responses?.default
      if (responses === undefined || fallback === undefined) continue
      for (const status of statuses) responses[status] ??= fallback
      // An operation that documents only `default` answers it as its success too.
      if (!Object.keys(responses).some((status) => /^2\d\d$/.test(status))) responses['200'] = fallback
    }
  }
}

/** An operation's id when the spec gives none: `GET /owners/{ownerId}/pets` → `getOwnersOwnerIdPets`. */
function operationIdOf (method: string, path: string): string {
  const words = path.split(/[^A-Za-z0-9]+/).filter((w) => w !== '').map((w) => w[0]!.toUpperCase() + w.slice(1))
  return method.toLowerCase() + words.join('')
}

function compileOperation (
  api: ApiDef, path: string, method: string, operation: OperationObject, shared: ParameterObject[], binding?: Binding,
): RouteRow {
  const file = api.spec.file
  const where = `${method} ${path}`
  const operationId = operation.operationId ?? (api.own ? operationIdOf(method, path) : undefined)
  if (operationId === undefined) throw new SpecError(file, `${where} has no operationId`)
  const handler = operation['x-sandbox-handler'] ?? binding?.kind
  if (typeof handler !== 'string') throw new SpecError(file, `${operationId} has no x-sandbox-handler`)

  const parameters = mergeParameters(shared, operation.parameters ?? [])
  const parameterInfo: Record<string, Record<string, ParameterInfo>> = {}
  for (const p of parameters) {
    const message = p['x-sandbox-invalid-message']
    if (message !== undefined && (typeof message !== 'string' || message === '')) {
      throw new SpecError(file, `${operationId}: x-sandbox-invalid-message of ${p.name} must be a text`)
    }
    const key = p.in === 'header' ? p.name.toLowerCase() : p.name
    ;(parameterInfo[p.in] ??= {})[key] = message === undefined ? { name: p.name } : { name: p.name, invalidMessage: message }
  }

  const schema: RouteSchemas = { response: {} }
  const params = objectSchema(parameters.filter((p) => p.in === 'path'), false)
  const querystring = objectSchema(parameters.filter((p) => p.in === 'query'), false)
  const headers = objectSchema(parameters.filter((p) => p.in === 'header'), true)
  if (params !== undefined) schema.params = params
  if (querystring !== undefined) schema.querystring = querystring
  if (headers !== undefined) schema.headers = headers

  const content = operation.requestBody?.content ?? {}
  const bodyMediaTypes = Object.keys(content)
  // Parsed bodies (JSON, or a form) are validated; raw bodies (images) are the handler's to check.
  const structuredType = STRUCTURED_TYPES.find((type) => content[type]?.schema !== undefined)
  if (structuredType !== undefined) {
    const structured = api.spec.schemas?.[bodySchemaKey(method, path)] ??
      // A readOnly field an own API's schema requires (a server-made id) is not asked of the client.
      (api.own ? withoutReadOnlyRequired(toJsonSchema(content[structuredType]!.schema!)) : toJsonSchema(content[structuredType]!.schema!))
    // Beside raw types, the schema is keyed by media type: Fastify then validates only that one.
    const raw = bodyMediaTypes.some((type) => !STRUCTURED_TYPES.includes(type))
    schema.body = raw ? { content: { [structuredType]: { schema: structured } } } : structured
  }
  // An own API's JSON-based media types (`application/merge-patch+json`) are parsed and validated too.
  const suffixed = api.own ? bodyMediaTypes.filter((type) => JSON_SUFFIX.test(type) && content[type]?.schema !== undefined) : []
  if (suffixed.length > 0) {
    const byType: Record<string, { schema: JsonSchema }> = {}
    if (schema.body !== undefined) {
      const keyed = schema.body.content as Record<string, { schema: JsonSchema }> | undefined
      Object.assign(byType, keyed ?? { [structuredType!]: { schema: schema.body } })
    }
    for (const type of suffixed) byType[type] = { schema: withoutReadOnlyRequired(toJsonSchema(content[type]!.schema!)) }
    schema.body = { content: byType }
  }

  const ownDialect = operation['x-sandbox-dialect']
  const dialect = ownDialect === undefined ? api.dialect : dialects.get(String(ownDialect))
  if (dialect === undefined) throw new SpecError(file, `${operationId}: x-sandbox-dialect "${String(ownDialect)}" is not one of: ${[...dialects.keys()].join(', ')}`)

  const responses = new Map<number, JsonSchema | null>()
  const responseTypes = new Map<number, string[]>()
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    const code = Number(status)
    if (!Number.isInteger(code)) continue
    if (STATUS_CODES[code] === undefined && dialect.reasons?.[code] === undefined) {
      throw new SpecError(file, `${operationId} documents status ${code}, which HTTP does not name; give it a reason phrase in the ${dialect.name} dialect`)
    }
    responseTypes.set(code, Object.keys(response.content ?? {}))
    const body = response.content?.['application/json']?.schema
    // The build's copy when it holds one: the engine's form of every schema is made once, at build time.
    const json = body === undefined ? null : api.spec.schemas?.[responseSchemaKey(method, path, code)] ?? toJsonSchema(body)
    responses.set(code, json)
    if (json !== null) schema.response[status] = json
  }
  const successes = [...responses.keys()].filter((s) => s >= 200 && s < 300).sort((a, b) => a - b)
  const successStatus = successes[0]
  if (successStatus === undefined) throw new SpecError(file, `${operationId} documents no 2xx response`)

  const resource = binding?.resource
  const { url, paramNames } = routerPath(path, file)
  return {
    api,
    method,
    url,
    paramNames,
    path,
    operationId,
    operation,
    dialect,
    schema,
    parameters: parameterInfo,
    security: operation.security ?? api.spec.doc.security ?? [],
    handler,
    ...(resource === undefined ? {} : { resource }),
    successStatus,
    responses,
    responseTypes,
    bodyMediaTypes,
  }
}

/**
 * The spec's path in Fastify's form. Fastify's router ends a parameter name at `-` or `.`
 * (`/:from-:to`), so such names are routed under a safe name and renamed back per request.
 */
export function routerPath (path: string, file: string): { url: string, paramNames: Record<string, string> } {
  const paramNames: Record<string, string> = {}
  const url = path.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    const safe = name.replace(/[^A-Za-z0-9_]/g, '_')
    if (safe === name) return `:${name}`
    if (paramNames[safe] !== undefined || path.includes(`{${safe}}`)) {
      throw new SpecError(file, `${path}: path parameters ${name} and ${paramNames[safe] ?? safe} cannot both be routed`)
    }
    paramNames[safe] = name
    return `:${safe}`
  })
  return { url, paramNames }
}

/** Operation parameters override path-level ones with the same name and location. */
function mergeParameters (shared: ParameterObject[], own: ParameterObject[]): ParameterObject[] {
  const key = (p: ParameterObject): string => `${p.in}:${p.name}`
  const merged = new Map(shared.map((p) => [key(p), p]))
  for (const p of own) merged.set(key(p), p)
  return [...merged.values()]
}

function objectSchema (parameters: ParameterObject[], lowerCase: boolean): JsonSchema | undefined {
  if (parameters.length === 0) return undefined
  const properties: Record<string, JsonSchema> = {}
  const required: string[] = []
  for (const p of parameters) {
    const name = lowerCase ? p.name.toLowerCase() : p.name
    properties[name] = toJsonSchema(p.schema ?? { type: 'string' })
    if (p.required === true || p.in === 'path') required.push(name)
  }
  return { type: 'object', properties, required }
}

/** An own API's prefixes: the first segment of each of its paths (`/pets`, `/owners`). */
function firstSegments (paths: string[]): string[] {
  return [...new Set(paths.map((p) => '/' + (p.split('/').find((s) => s !== '') ?? '')))].filter((p) => p !== '/' && !p.includes('{'))
}

/** The static path segments every path of the API starts with. */
function commonPrefix (paths: string[], file: string): string {
  const split = paths.map((p) => {
    const segments = p.split('/').filter((s) => s !== '')
    const dynamic = segments.findIndex((s) => s.includes('{'))
    return dynamic === -1 ? segments : segments.slice(0, dynamic)
  })
  const first = split[0] ?? []
  let length = first.length
  for (const segments of split) {
    let i = 0
    while (i < length && segments[i] === first[i]) i++
    length = i
  }
  if (length === 0) throw new SpecError(file, 'its paths share no prefix; list them in x-sandbox.prefixes')
  return '/' + first.slice(0, length).join('/')
}
