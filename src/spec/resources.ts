// What a spec with no sandbox extensions means by its REST shape: which operations list,
// create, read, replace, patch and delete which collection, under which parent, with ids of
// which type. Computed once per spec at boot; the generic handlers (src/engine/crud.ts) serve it.
//
//   GET  /things            list       POST /things            create
//   GET  /things/{id}       get        PUT  /things/{id}       replace
//   PATCH /things/{id}      patch      DELETE /things/{id}     delete
//   /owners/{ownerId}/pets[/{petId}]  the same, scoped to one owner (and 404 when it is absent)
//   anything else           answer     (the documented example, else a body generated from the schema)

import { SpecError } from './load.js'
import { HTTP_METHODS, type JsonSchema, type OpenApiDocument, type OperationObject, type ParameterObject } from './types.js'

export const CRUD_KINDS = ['list', 'create', 'get', 'replace', 'patch', 'delete', 'answer'] as const
export type CrudKind = (typeof CRUD_KINDS)[number]

export type IdType = 'integer' | 'uuid' | 'string'

/** One collection of the API: where its records are kept and how they are named. */
export interface Resource {
  /** The collection's path with its parameters as `{}`: `/owners/{}/visits` (also its id counter's name). */
  key: string
  /** The singular noun messages use (`visit`). */
  noun: string
  /** The record field holding the id (undefined: the records carry no id of their own). */
  idField: string | undefined
  idType: IdType
  /** `x-sandbox-collection`: a fixed store collection name instead of the path's. */
  fixed?: string
  /** The schema of one record, as written in the spec (dereferenced). */
  item: JsonSchema | undefined
  /** The resource the collection lives under (`/owners/{}`), if the spec serves it. */
  parent?: Resource
  /** The name of a record field that holds the parent's id (`ownerId`), set on create. */
  parentField?: string
}

/** An operation's inferred binding: its kind, and the resource it works on (none for `answer`). */
export interface Binding {
  kind: CrudKind
  resource?: Resource
}

const normal = (path: string): string => path.replace(/\{[^}]+\}/g, '{}').replace(/\/+$/, '') || '/'

/** A noun's singular, for messages and id field names (`shelves` → `shelf`, `people` stays). */
export function singular (noun: string): string {
  if (/ies$/i.test(noun)) return noun.slice(0, -3) + 'y'
  if (/(ss|us|is)$/i.test(noun)) return noun
  if (/(x|ch|sh)es$/i.test(noun)) return noun.slice(0, -2)
  if (/lves$/i.test(noun)) return noun.slice(0, -3) + 'f'
  if (/s$/i.test(noun)) return noun.slice(0, -1)
  return noun
}

/** A schema's properties, those of its allOf/oneOf/anyOf branches merged in (the first one of a name wins). */
export function propertiesOf (schema: unknown, seen = new Set<unknown>()): Record<string, JsonSchema> {
  if (schema === null || typeof schema !== 'object' || seen.has(schema)) return {}
  seen.add(schema)
  const s = schema as Record<string, unknown>
  const out: Record<string, JsonSchema> = { ...(s.properties as Record<string, JsonSchema> | undefined) }
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    for (const branch of (s[key] as unknown[] | undefined) ?? []) {
      for (const [name, property] of Object.entries(propertiesOf(branch, seen))) out[name] ??= property
    }
  }
  return out
}

/** The JSON schema of an operation's first 2xx answer, if it has one. */
export function successSchema (operation: OperationObject): JsonSchema | undefined {
  const statuses = Object.keys(operation.responses ?? {}).filter((s) => /^2\d\d$/.test(s)).sort()
  for (const status of statuses) {
    const schema = operation.responses?.[status]?.content?.['application/json']?.schema
    if (schema !== undefined) return schema
  }
  return undefined
}

/** The JSON schema of an operation's request body (the JSON one first), if it has one. */
function bodySchema (operation: OperationObject): JsonSchema | undefined {
  const content = operation.requestBody?.content ?? {}
  return content['application/json']?.schema ?? Object.entries(content).find(([type]) => type.endsWith('json'))?.[1].schema
}

/** The array inside a list answer: the schema itself, or its one array property (`data`, `items`, …). */
export function listItems (schema: JsonSchema | undefined): { property?: string, item: JsonSchema } | undefined {
  if (schema === undefined) return undefined
  if (schema.type === 'array' && typeof schema.items === 'object') return { item: schema.items as JsonSchema }
  const arrays = Object.entries(propertiesOf(schema)).filter(([, p]) => p.type === 'array' && typeof p.items === 'object')
  if (arrays.length === 0) return undefined
  const preferred = ['data', 'items', 'results', 'records', 'content', 'values', 'list']
  const [property, found] = arrays.find(([name]) => preferred.includes(name.toLowerCase())) ?? arrays[0]!
  return { property, item: found.items as JsonSchema }
}

const typeOf = (schema: JsonSchema | undefined): string | undefined => {
  const type = schema?.type
  return Array.isArray(type) ? type.find((t) => t !== 'null') as string | undefined : type as string | undefined
}

function idTypeOf (schema: JsonSchema | undefined): IdType | undefined {
  if (schema === undefined) return undefined
  const type = typeOf(schema)
  if (type === 'integer' || type === 'number') return 'integer'
  if (type === 'string') return schema.format === 'uuid' ? 'uuid' : 'string'
  return undefined
}

interface PathInfo {
  path: string
  /** The path-level and operation-level parameters of every operation, by name. */
  params: Map<string, ParameterObject>
  operations: Map<string, OperationObject>
}

/** Every operation of a spec bound to its inferred kind and resource, by `METHOD path` (`x-sandbox-handler` then overrides the kind). */
export function inferBindings (doc: OpenApiDocument, file: string): Map<string, Binding> {
  const paths: PathInfo[] = Object.entries(doc.paths ?? {}).map(([path, item]) => {
    const params = new Map<string, ParameterObject>()
    const operations = new Map<string, OperationObject>()
    for (const p of item.parameters ?? []) params.set(p.name, p)
    for (const method of HTTP_METHODS) {
      const operation = item[method]
      if (operation === undefined) continue
      operations.set(method.toUpperCase(), operation)
      for (const p of operation.parameters ?? []) if (p.in === 'path') params.set(p.name, p)
    }
    return { path, params, operations }
  })
  const byKey = new Map<string, PathInfo>(paths.map((p) => [normal(p.path), p]))
  const resources = new Map<string, Resource>()

  const resourceFor = (collectionKey: string): Resource | undefined => {
    const known = resources.get(collectionKey)
    if (known !== undefined) return known
    const collection = byKey.get(collectionKey)
    const itemPath = [...byKey.entries()].find(([key]) => key.startsWith(collectionKey + '/') && key.slice(collectionKey.length + 1) === '{}')?.[1]
    if (collection === undefined && itemPath === undefined) return undefined
    const segments = collectionKey.split('/')
    const name = segments.at(-1)!
    const ops = (info: PathInfo | undefined, method: string): OperationObject | undefined => info?.operations.get(method)
    const item = successSchema(ops(itemPath, 'GET') ?? {}) ??
      listItems(successSchema(ops(collection, 'GET') ?? {}))?.item ??
      successSchema(ops(collection, 'POST') ?? {}) ?? bodySchema(ops(collection, 'POST') ?? {}) ??
      successSchema(ops(itemPath, 'PUT') ?? {}) ?? bodySchema(ops(itemPath, 'PUT') ?? {})
    const properties = propertiesOf(item)
    const idName = itemPath === undefined ? undefined : itemPath.path.match(/\{([^}]+)\}\/?$/)?.[1]
    const noun = singular(name)
    const candidates = [idName, 'id', `${noun}Id`, `${noun}_id`, 'uuid', 'key', 'code'].filter((c): c is string => c !== undefined)
    const idField = candidates.find((c) => properties[c] !== undefined)
    const idType = idTypeOf(idField === undefined ? undefined : properties[idField]) ?? idTypeOf(idName === undefined ? undefined : itemPath?.params.get(idName)?.schema) ?? 'string'
    const resource: Resource = { key: collectionKey, noun, idField, idType, item }
    resources.set(collectionKey, resource)
    // `/owners/{}/visits` lives under `/owners/{}`, when that is a collection's item path.
    if (segments.length >= 3 && segments.at(-2) === '{}') {
      const parentKey = segments.slice(0, -2).join('/')
      const parent = parentKey === '' ? undefined : resourceFor(parentKey)
      if (parent !== undefined) {
        resource.parent = parent
        // The path parameter in the parent's id position, as this collection's paths name it.
        const parentParam = (collection ?? itemPath)!.path.split('/')[segments.length - 2]?.slice(1, -1)
        if (parentParam !== undefined && properties[parentParam] !== undefined) resource.parentField = parentParam
      }
    }
    return resource
  }

  const bindings = new Map<string, Binding>()
  for (const info of paths) {
    const segments = normal(info.path).split('/')
    const last = segments.at(-1) ?? ''
    for (const [method, operation] of info.operations) {
      let binding: Binding = { kind: 'answer' }
      if (last !== '{}' && last !== '' && segments.length >= 2) {
        const key = normal(info.path)
        const listed = listItems(successSchema(operation))
        // A collection is read back somewhere (a list, or its items by id); a POST elsewhere (`/search`,
        // `/things/{id}/actions`) is an action: it answers, on the thing its path names if any.
        const collection = byKey.get(key)?.operations.has('GET') === true || byKey.has(`${key}/{}`)
        if (method === 'GET' && listed !== undefined) binding = { kind: 'list', resource: resourceFor(key)! }
        else if (method === 'POST' && collection) binding = { kind: 'create', resource: resourceFor(key)! }
        else if (segments.at(-2) === '{}' && segments.length >= 4) {
          const owner = resourceFor(segments.slice(0, -2).join('/'))
          if (owner !== undefined) binding = { kind: 'answer', resource: owner }
        }
      } else if (last === '{}' && segments.length >= 3 && segments.at(-2) !== '{}') {
        const kind = ({ GET: 'get', PUT: 'replace', PATCH: 'patch', DELETE: 'delete' } as const)[method as 'GET']
        if (kind !== undefined) binding = { kind, resource: resourceFor(segments.slice(0, -1).join('/'))! }
      }
      const override = operation['x-sandbox-collection']
      if (override !== undefined && binding.resource !== undefined) {
        if (typeof override !== 'string' || override === '') throw new SpecError(file, `${method} ${info.path}: x-sandbox-collection must be a name`)
        binding.resource.fixed = override
      }
      bindings.set(`${method} ${info.path}`, binding)
    }
  }
  // `x-sandbox-id` on any operation of a collection names its records' id field.
  for (const info of paths) {
    for (const [method, operation] of info.operations) {
      const id = operation['x-sandbox-id']
      const resource = bindings.get(`${method} ${info.path}`)?.resource
      if (id === undefined || resource === undefined) continue
      if (typeof id !== 'string' || id === '') throw new SpecError(file, `${method} ${info.path}: x-sandbox-id must name the records' id field`)
      resource.idField = id
      resource.idType = idTypeOf(propertiesOf(resource.item)[id]) ?? resource.idType
    }
  }
  return bindings
}
