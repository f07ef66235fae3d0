import type { OpenApiDocument } from './types.js'

// OpenAPI 3.0 Schema Objects are an extended subset of JSON Schema draft 4; 3.1's are JSON Schema
// 2020-12, which the engine compiles (ajv, fast-json-stringify, json-schema-faker). The maintained
// converter (@openapi-contrib/openapi-schema-to-json-schema) writes draft 4 (boolean
// exclusiveMinimum), so the few differences are converted here, as OpenAPI's 3.0 → 3.1 migration
// guide lists them:
//   nullable: true              → type: [T, 'null'] (and null added to an enum); no type: anyOf [it, null]
//   exclusiveMinimum: true      → exclusiveMinimum: <minimum> (minimum dropped); false: dropped (same for Maximum)
//   example: V                  → examples: [V]
//   type: string, format: binary|byte → contentMediaType / contentEncoding (no format ajv would reject)

/** Keywords whose value is one schema. */
const ONE = ['items', 'not', 'additionalProperties', 'additionalItems', 'contains', 'propertyNames', 'if', 'then', 'else']
/** Keywords whose value is a list of schemas. */
const MANY = ['allOf', 'anyOf', 'oneOf', 'prefixItems']
/** Keywords whose value is a map of schemas. */
const MAP = ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas']

/** One 3.0 Schema Object converted in place (and everything inside it); each object once. */
export function convertSchema30 (schema: unknown, seen = new WeakSet<object>()): void {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema) || seen.has(schema)) return
  seen.add(schema)
  const s = schema as Record<string, unknown>
  for (const key of ONE) convertSchema30(s[key], seen)
  for (const key of MANY) if (Array.isArray(s[key])) for (const item of s[key] as unknown[]) convertSchema30(item, seen)
  for (const key of MAP) {
    const map = s[key]
    if (map !== null && typeof map === 'object') for (const item of Object.values(map)) convertSchema30(item, seen)
  }
  for (const [bound, exclusive] of [['minimum', 'exclusiveMinimum'], ['maximum', 'exclusiveMaximum']] as const) {
    if (s[exclusive] === true && typeof s[bound] === 'number') {
      s[exclusive] = s[bound]
      delete s[bound]
    } else if (typeof s[exclusive] === 'boolean') {
      delete s[exclusive]
    }
  }
  if ('example' in s) {
    if (!Array.isArray(s.examples)) s.examples = [s.example]
    delete s.example
  }
  if (s.type === 'string' && (s.format === 'binary' || s.format === 'byte')) {
    if (s.format === 'byte') s.contentEncoding = 'base64'
    else s.contentMediaType = 'application/octet-stream'
    delete s.format
  }
  if (s.nullable === true) {
    if (typeof s.type === 'string') {
      s.type = [s.type, 'null']
      if (Array.isArray(s.enum) && !s.enum.includes(null)) s.enum = [...s.enum, null]
    } else if (s.type === undefined) {
      // A nullable composition ($ref in allOf, oneOf): the whole of it, or null.
      const inner = { ...s }
      delete inner.nullable
      for (const key of Object.keys(s)) if (!key.startsWith('x-') && key !== 'description' && key !== 'title') delete s[key]
      s.anyOf = [inner, { type: 'null' }]
    }
  }
  delete s.nullable
}

type Node = Record<string, unknown>
const nodes = (value: unknown): Node[] => (value !== null && typeof value === 'object' ? Object.values(value as Node) as Node[] : [])

/**
 * A 3.0 document's Schema Objects converted in place (components, parameters, bodies, responses,
 * headers), before it is dereferenced; its `openapi` then reads 3.1.0 for the engine.
 */
export function convertDocument30 (doc: OpenApiDocument): OpenApiDocument {
  const seen = new WeakSet<object>()
  const media = (content: unknown): void => { for (const m of nodes(content)) convertSchema30(m.schema, seen) }
  const headers = (list: unknown): void => { for (const h of nodes(list)) convertSchema30(h.schema, seen) }
  const parameter = (p: Node): void => { convertSchema30(p.schema, seen); media(p.content) }
  const response = (r: Node): void => { media(r.content); headers(r.headers) }
  const components = (doc.components ?? {}) as Record<string, unknown>
  for (const schema of nodes(components.schemas)) convertSchema30(schema, seen)
  for (const p of nodes(components.parameters)) parameter(p)
  for (const r of nodes(components.responses)) response(r)
  for (const b of nodes(components.requestBodies)) media(b.content)
  headers(components.headers)
  for (const item of nodes(doc.paths)) {
    for (const p of (item.parameters as Node[] | undefined) ?? []) parameter(p)
    for (const [key, op] of Object.entries(item)) {
      if (key === 'parameters' || op === null || typeof op !== 'object') continue
      const operation = op as Node
      for (const p of (operation.parameters as Node[] | undefined) ?? []) parameter(p)
      media((operation.requestBody as Node | undefined)?.content)
      for (const r of nodes(operation.responses)) response(r)
    }
  }
  doc.openapi = '3.1.0'
  return doc
}
