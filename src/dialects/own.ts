// The dialect of an own API (a spec with no sandbox extensions), built from its spec at boot:
// errors in the error schema its error responses declare, its fields filled by what their names
// say (status, code, message, field or pointer, timestamp, request id); without one,
// application/problem+json (RFC 9457).
//
// `x-sandbox.errors` overrides what is inferred:
//   schema: <components.schemas name>     the error schema
//   status: { <problem kind>: <status> }  e.g. invalid-body: 422
//   fields: { <role>: <property> }         e.g. message: description (roles: status, code,
//                                          message, title, field, in, timestamp, requestId)

import { SpecError } from '../spec/load.js'
import { propertiesOf } from '../spec/resources.js'
import type { JsonSchema, OpenApiDocument } from '../spec/types.js'
import type { Problem, ProblemKind } from '../engine/problems.js'
import { PROBLEM_KINDS } from '../engine/problems.js'
import type { UuidSource } from '../engine/uuid.js'
import { mainType, placeholder } from '../engine/placeholder.js'
import { fieldPath } from './field-path.js'
import { httpTable } from './http-table.js'
import type { Dialect, DialectEntry } from './types.js'

export const PROBLEM_JSON = 'application/problem+json'

const ROLES = ['status', 'code', 'message', 'title', 'field', 'in', 'timestamp', 'requestId'] as const
type Role = (typeof ROLES)[number]

/** Property names (lower case, without `_` and `-`) and the role they play. */
const NAMES: Record<string, Role> = {
  status: 'status', statuscode: 'status', httpstatus: 'status', httpcode: 'status', httpstatuscode: 'status',
  code: 'code', errorcode: 'code', errortype: 'code', type: 'code', kind: 'code', reason: 'code',
  message: 'message', detail: 'message', details: 'message', description: 'message', errormessage: 'message', errordescription: 'message', msg: 'message',
  title: 'title', summary: 'title',
  field: 'field', fieldname: 'field', pointer: 'field', jsonpointer: 'field', param: 'field', parameter: 'field', property: 'field', path: 'field', source: 'field', target: 'field',
  in: 'in', location: 'in',
  timestamp: 'timestamp', time: 'timestamp', datetime: 'timestamp',
  requestid: 'requestId', traceid: 'requestId', correlationid: 'requestId', trackingid: 'requestId',
}

interface Context { problem: Problem, entry: DialectEntry, uuid: UuidSource }
type Fill = (c: Context) => unknown

const typeOf = mainType

function requiredOf (schema: JsonSchema, seen = new Set<unknown>()): Set<string> {
  const out = new Set<string>((schema.required as string[] | undefined) ?? [])
  if (seen.has(schema)) return out
  seen.add(schema)
  for (const branch of (schema.allOf as JsonSchema[] | undefined) ?? []) for (const name of requiredOf(branch, seen)) out.add(name)
  return out
}

/** The field a problem names, as a pointer (`/name`) for properties called pointer, else as the client wrote it. */
function fieldValue (problem: Problem, pointer: boolean): string | undefined {
  const field = problem.field
  if (field === undefined) return undefined
  if (field.in !== 'body') return field.name
  return pointer ? field.name : fieldPath(field.name)
}

/** What a role puts in a property of the given schema. */
function roleFill (role: Role, schema: JsonSchema, name: string): Fill {
  const numeric = typeOf(schema) === 'integer' || typeOf(schema) === 'number'
  const choices = Array.isArray(schema.enum) ? schema.enum as unknown[] : undefined
  const pick = (wanted: unknown[]): unknown => {
    if (choices === undefined) return wanted.find((w) => w !== undefined)
    const lower = wanted.filter((w) => w !== undefined).map((w) => String(w).toLowerCase())
    return choices.find((c) => lower.includes(String(c).toLowerCase())) ?? choices[0]
  }
  switch (role) {
    case 'status': return ({ entry }) => (numeric ? entry.status : pick([String(entry.status)]))
    case 'code': return numeric ? ({ entry }) => entry.status : ({ problem, entry }) => pick([problem.code ?? entry.code ?? problem.kind, problem.kind, String(entry.status)])
    case 'message': return ({ problem }) => pick([problem.message])
    case 'title': return ({ entry }) => pick([entry.title])
    case 'field': return ({ problem }) => fieldValue(problem, name.toLowerCase().includes('pointer'))
    case 'in': return ({ problem }) => problem.field?.in
    case 'timestamp': return () => (numeric ? Date.now() : new Date().toISOString())
    case 'requestId': return ({ uuid }) => uuid()
  }
}

/** Compiles the filling of one error schema (objects and arrays of objects, three levels deep). */
function compileFill (schema: JsonSchema, explicit: Map<string, Role>, path: string, depth: number): Fill | undefined {
  if (depth > 3) return undefined
  const type = typeOf(schema)
  if (type === 'array' && typeof schema.items === 'object') {
    const item = compileFill(schema.items as JsonSchema, explicit, path, depth + 1)
    return item === undefined ? undefined : (c) => [item(c)]
  }
  if (type !== 'object') return undefined
  const properties = propertiesOf(schema)
  const required = requiredOf(schema)
  const names = Object.keys(properties)
  const hasMessage = names.some((n) => NAMES[n.toLowerCase().replace(/[_-]/g, '')] === 'message')
  const fills: Array<[string, Fill, boolean]> = []
  for (const [name, property] of Object.entries(properties)) {
    const at = path === '' ? name : `${path}.${name}`
    const normal = name.toLowerCase().replace(/[_-]/g, '')
    // `error: "…"` is the message when nothing else is; `code: 404` is the status.
    let role: Role | undefined = explicit.get(at) ?? NAMES[normal] ?? (normal === 'error' && !hasMessage && typeOf(property) === 'string' ? 'message' : undefined)
    if (role === 'code' && explicit.get(at) === undefined && typeOf(property) !== 'string' && typeOf(property) !== 'integer' && typeOf(property) !== 'number') role = undefined
    if (role !== undefined && ['string', 'integer', 'number', undefined].includes(typeOf(property))) {
      fills.push([name, roleFill(role, property, name), required.has(name)])
      continue
    }
    const inner = compileFill(property, explicit, at, depth + 1)
    if (inner !== undefined) fills.push([name, inner, true])
    else if (required.has(name)) {
      const value = placeholder(property)
      fills.push([name, () => structuredClone(value), true])
    }
  }
  return (c) => {
    const out: Record<string, unknown> = {}
    for (const [name, fill, required] of fills) {
      const value = fill(c)
      if (value !== undefined) out[name] = value
      else if (required) out[name] = placeholder(properties[name]!)
    }
    return out
  }
}

/** The spec's error schema: `x-sandbox.errors.schema`, else the JSON schema most of its 4xx/5xx/default answers declare. */
function errorSchema (doc: OpenApiDocument, file: string, named: unknown): { schema?: JsonSchema, problemJson: boolean } {
  if (named !== undefined) {
    const schema = typeof named === 'string' ? doc.components?.schemas?.[named] : undefined
    if (schema === undefined) throw new SpecError(file, `x-sandbox.errors.schema must name one of components.schemas, not "${String(named)}"`)
    return { schema, problemJson: false }
  }
  const counts = new Map<JsonSchema, number>()
  let problems = 0
  let plain = 0
  for (const item of Object.values(doc.paths ?? {})) {
    for (const [key, operation] of Object.entries(item)) {
      if (key === 'parameters' || operation === null || typeof operation !== 'object') continue
      const responses = (operation as { responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }> }).responses ?? {}
      const fallback = responses.default
      // `default` is an error answer only beside a success of the operation's own (and is counted once, not in its copies).
      const succeeds = Object.entries(responses).some(([status, response]) => /^2\d\d$/.test(status) && response !== fallback)
      for (const [status, response] of Object.entries(responses)) {
        if (!(status === 'default' || /^[45]/.test(status))) continue
        if (status === 'default' ? !succeeds : response === fallback) continue
        for (const [type, media] of Object.entries(response.content ?? {})) {
          if (type === PROBLEM_JSON) { problems++; continue }
          if (!type.endsWith('json') || media.schema === undefined) continue
          plain++
          counts.set(media.schema, (counts.get(media.schema) ?? 0) + 1)
        }
      }
    }
  }
  if (problems >= plain) return { problemJson: true }
  const [schema] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!
  return { schema, problemJson: false }
}

/** RFC 9457: `type`, `title`, `status`, `detail`, and the offending field under `errors`. */
function problemDetails (problem: Problem, entry: DialectEntry): unknown {
  const body: Record<string, unknown> = { type: 'about:blank', title: entry.title, status: entry.status, detail: problem.message, code: problem.code ?? problem.kind }
  const field = problem.field
  if (field !== undefined) {
    const where = field.in === 'body' ? { pointer: field.name === '' ? '/' : field.name } : field.in === 'credentials' ? {} : { [field.in === 'path' || field.in === 'query' ? 'parameter' : 'header']: field.name }
    body.errors = [{ detail: problem.message, ...where }]
  }
  return body
}

/** Which statuses the spec documents anywhere (to choose 422 for invalid bodies when it never says 400). */
function documentedStatuses (doc: OpenApiDocument): Set<string> {
  const out = new Set<string>()
  for (const item of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(item)) for (const status of Object.keys((operation as { responses?: object }).responses ?? {})) out.add(status)
  }
  return out
}

/** The dialect of an own API, from its spec (see the head of this file). */
export function ownDialect (doc: OpenApiDocument, file: string): Dialect {
  const settings = (doc['x-sandbox'] as { errors?: { schema?: unknown, status?: unknown, fields?: unknown } } | undefined)?.errors ?? {}
  const table: Record<ProblemKind, DialectEntry> = { ...httpTable }
  const statuses = documentedStatuses(doc)
  if (statuses.has('422') && !statuses.has('400')) table['invalid-body'] = { status: 422, title: 'Unprocessable Entity' }
  if (settings.status !== undefined) {
    if (settings.status === null || typeof settings.status !== 'object') throw new SpecError(file, 'x-sandbox.errors.status must map problem kinds to statuses')
    for (const [kind, status] of Object.entries(settings.status)) {
      if (!(PROBLEM_KINDS as readonly string[]).includes(kind)) throw new SpecError(file, `x-sandbox.errors.status: "${kind}" is not one of: ${PROBLEM_KINDS.join(', ')}`)
      if (!Number.isInteger(status) || status < 400 || status > 599) throw new SpecError(file, `x-sandbox.errors.status.${kind} must be a status from 400 to 599`)
      table[kind as ProblemKind] = { ...table[kind as ProblemKind], status: status as number }
    }
  }
  const explicit = new Map<string, Role>()
  for (const [role, property] of Object.entries((settings.fields ?? {}) as Record<string, unknown>)) {
    if (!(ROLES as readonly string[]).includes(role) || typeof property !== 'string') throw new SpecError(file, `x-sandbox.errors.fields maps a role (${ROLES.join(', ')}) to a property name; "${role}" is not one`)
    explicit.set(property, role as Role)
  }
  const { schema, problemJson } = errorSchema(doc, file, settings.schema)
  // An error body is an object: a schema of anything else is no error schema.
  const fill = schema === undefined || typeOf(schema) !== 'object' ? undefined : compileFill(schema, explicit, '', 0)
  if (problemJson || fill === undefined) {
    return { name: 'problem+json', table, contentType: PROBLEM_JSON, envelope: (problem, entry) => problemDetails(problem, entry) }
  }
  return { name: 'own', table, envelope: (problem, entry, _headers, uuid) => fill({ problem, entry, uuid }) }
}
