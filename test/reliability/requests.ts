import { randomUUID } from 'node:crypto'
import type { RouteRow } from '../../src/spec/compile.js'
import type { JsonSchema, ParameterObject } from '../../src/spec/types.js'
import type { Sent } from './client.js'
import type { Random } from './prng.js'

// Requests derived from the specs: a valid request per operation (its documented examples, else
// values its schemas allow), then one client mistake from the catalogue below.

type Part = 'path' | 'query' | 'header'
interface Param { name: string, in: Part, required: boolean, value: string }

export interface Planned {
  row: RouteRow
  /** Which mistake was made ('valid': none). */
  mistake: string
  sent: Sent
}

/** Printable ASCII garbage: what a confused or hostile client puts in ids, queries and headers. */
export const GARBAGE = [
  '', ' ', '../../etc/passwd', '..\\..\\windows\\win.ini', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', 'null', 'undefined', '-1', '0', '1e309',
  'NaN', '9'.repeat(30), 'a'.repeat(101), 'a'.repeat(3000), "' OR 1=1 --", '<script>alert(1)</script>', '{"a":1}', '[]', 'true',
  '__proto__', 'constructor', '${jndi:ldap://x}', '*', '%', '%zz', '%00', '\\', ';', '?', '#', '&',
]

/** Values for bodies: every JSON type, huge, deep and hostile. */
const BODY_GARBAGE: unknown[] = [
  null, true, 0, -1, 1e308, 1.5, '', 'x'.repeat(10_000), [], {}, [[[[]]]], { a: { b: { c: {} } } },
  '../../etc/passwd', '\u0000', '💥'.repeat(100), { __proto__: null }, 'a'.repeat(100_000),
]

function parametersOf (row: RouteRow): ParameterObject[] {
  const shared = (row.api.spec.doc.paths?.[row.path] as { parameters?: ParameterObject[] } | undefined)?.parameters ?? []
  const own = row.operation.parameters ?? []
  const names = new Set(own.map((p) => `${p.in}:${p.name}`))
  return [...shared.filter((p) => !names.has(`${p.in}:${p.name}`)), ...own]
}

/** A value a schema allows, preferring the spec's own examples. */
function scalar (schema: JsonSchema | undefined, example: unknown): string {
  if (example !== undefined) return String(example)
  const s = (schema ?? {}) as Record<string, unknown>
  if (Array.isArray(s.examples) && s.examples.length > 0) return String(s.examples[0])
  if (s.example !== undefined) return String(s.example)
  if (Array.isArray(s.enum) && s.enum.length > 0) return String(s.enum[0])
  if (s.const !== undefined) return String(s.const)
  if (s.default !== undefined) return String(s.default)
  if (s.format === 'uuid') return randomUUID()
  if (s.format === 'date-time') return '2026-01-01T00:00:00Z'
  if (s.format === 'date') return '2026-01-01'
  if (s.format === 'email') return 'someone@example.com'
  if (s.type === 'integer' || s.type === 'number') return String(typeof s.minimum === 'number' ? s.minimum : 1)
  if (s.type === 'boolean') return 'true'
  if (s.type === 'array') return scalar(s.items as JsonSchema | undefined, undefined)
  return 'a'.repeat(Math.max(1, typeof s.minLength === 'number' ? s.minLength : 3))
}

function parameters (row: RouteRow): Param[] {
  return parametersOf(row)
    .filter((p): p is ParameterObject & { in: Part } => p.in === 'path' || p.in === 'query' || p.in === 'header')
    .map((p) => {
      const extra = p as unknown as Record<string, unknown>
      const prefill = extra['x-sandbox-prefill'] === 'uuid'
      return { name: p.name, in: p.in, required: p.required === true || p.in === 'path', value: prefill ? randomUUID() : scalar(p.schema, extra.example) }
    })
}

/** The documented example body of the operation's first media type (a form as text). */
function exampleBody (row: RouteRow): { type: string, value: unknown } | undefined {
  const content = row.operation.requestBody?.content ?? {}
  const type = Object.keys(content)[0]
  if (type === undefined) return undefined
  const media = content[type] as { example?: unknown, examples?: Record<string, { value?: unknown }>, schema?: JsonSchema }
  const value = media.example ?? Object.values(media.examples ?? {})[0]?.value ?? sample(media.schema, 0)
  return { type, value }
}

/** A small object a schema allows: its required properties only. */
function sample (schema: JsonSchema | undefined, depth: number): unknown {
  const s = (schema ?? {}) as Record<string, unknown>
  if (depth > 4) return null
  if (s.type === 'object' || s.properties !== undefined) {
    const props = (s.properties ?? {}) as Record<string, JsonSchema>
    const out: Record<string, unknown> = {}
    for (const name of (s.required ?? []) as string[]) out[name] = sample(props[name], depth + 1)
    return out
  }
  if (s.type === 'array') return [sample(s.items as JsonSchema | undefined, depth + 1)]
  const text = scalar(schema, undefined)
  return s.type === 'integer' || s.type === 'number' ? Number(text) : s.type === 'boolean' ? true : text
}

function encodeBody (type: string, value: unknown): string | Buffer {
  if (type === 'application/x-www-form-urlencoded') return new URLSearchParams(value as Record<string, string>).toString()
  if (type.startsWith('image/')) return Buffer.from(String(value ?? ''), 'base64')
  return typeof value === 'string' && !type.includes('json') ? value : JSON.stringify(value)
}

function build (row: RouteRow, params: Param[], extraHeaders: Record<string, string>, body: { type: string, text: string | Buffer } | undefined, rawPath?: Record<string, string>): Sent {
  let path = row.path
  for (const p of params.filter((p) => p.in === 'path')) {
    path = path.replace(`{${p.name}}`, rawPath?.[p.name] ?? encodeURIComponent(p.value))
  }
  const query = params.filter((p) => p.in === 'query').map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(p.value)}`)
  const headers: Record<string, string> = {}
  for (const p of params.filter((p) => p.in === 'header')) headers[p.name.toLowerCase()] = p.value
  // The media type an operation answers in, where the API requires Accept (`x-sandbox-accept`).
  const accept = (row.operation as Record<string, unknown>)['x-sandbox-accept']
  if (typeof accept === 'string') headers.accept = accept
  Object.assign(headers, extraHeaders)
  if (body !== undefined) headers['content-type'] = body.type
  return { method: row.method, path: query.length === 0 ? path : `${path}?${query.join('&')}`, headers, ...(body === undefined ? {} : { body: body.text }) }
}

/** Sets a random leaf (or adds a field) of a JSON value to garbage. */
function mutateJson (value: unknown, rnd: Random): unknown {
  if (value === null || typeof value !== 'object') return rnd.pick(BODY_GARBAGE)
  const copy = JSON.parse(JSON.stringify(value)) as Record<string, unknown>
  let node: Record<string, unknown> = copy
  for (let depth = 0; depth < 4; depth++) {
    const keys = Object.keys(node)
    if (keys.length === 0) break
    const key = rnd.pick(keys)
    const child = node[key]
    if (child === null || typeof child !== 'object' || rnd.chance(0.4)) {
      node[key] = rnd.pick(BODY_GARBAGE)
      return copy
    }
    node = child as Record<string, unknown>
  }
  node[rnd.pick(['extra', 'Name', 'id', '$where', 'a b'])] = rnd.pick(BODY_GARBAGE)
  return copy
}

const deepJson = (n: number): string => '{"a":'.repeat(n) + '1' + '}'.repeat(n)

type Mistake = (ctx: { row: RouteRow, params: Param[], auth: Record<string, string>, body: { type: string, value: unknown } | undefined, rnd: Random }) => Sent | undefined

const jsonBody = (ctx: Parameters<Mistake>[0], text: string): Sent =>
  build(ctx.row, ctx.params, ctx.auth, { type: 'application/json', text })

/** The catalogue of client mistakes, by name. Each answers undefined where it does not apply. */
export const MISTAKES: Record<string, Mistake> = {
  valid: (c) => build(c.row, c.params, c.auth, c.body && { type: c.body.type, text: encodeBody(c.body.type, c.body.value) }),
  'missing-parameter': (c) => {
    const required = c.params.filter((p) => p.required && p.in !== 'path')
    if (required.length === 0) return undefined
    const gone = c.rnd.pick(required)
    return build(c.row, c.params.filter((p) => p !== gone), c.auth, c.body && { type: c.body.type, text: encodeBody(c.body.type, c.body.value) })
  },
  'bad-parameter': (c) => {
    if (c.params.length === 0) return undefined
    const target = c.rnd.pick(c.params)
    const value = c.rnd.pick(GARBAGE)
    const params = c.params.map((p) => (p === target ? { ...p, value } : p))
    // Percent signs in a path go as they are: a malformed escape is a client mistake too.
    const raw = target.in === 'path' && value.includes('%') ? { [target.name]: value } : undefined
    return build(c.row, params, c.auth, c.body && { type: c.body.type, text: encodeBody(c.body.type, c.body.value) }, raw)
  },
  'unknown-query': (c) => {
    const sent = MISTAKES.valid!(c)!
    const extra = `${encodeURIComponent(c.rnd.pick(['__proto__', 'constructor', 'a'.repeat(200), 'page', 'x[]', '$where']))}=${encodeURIComponent(c.rnd.pick(GARBAGE))}`
    return { ...sent, path: `${sent.path}${sent.path.includes('?') ? '&' : '?'}${extra}&${extra}` }
  },
  'bad-credentials': (c) => {
    if (Object.keys(c.auth).length === 0 && c.row.security.length === 0) return undefined
    const bad = c.rnd.pick<Record<string, string>>([
      { authorization: `Basic ${Buffer.from('../../etc/passwd:x').toString('base64')}` },
      { authorization: 'Bearer ../../../../etc/passwd' },
      { authorization: `Bearer ${'A'.repeat(4000)}` },
      { authorization: 'Basic !!!not-base64' },
      { authorization: 'Digest username="x"' },
      { authorization: '' },
      { key: '../../etc/passwd' },
      { key: 'a'.repeat(3000) },
      { client_id: '../../x' },
    ])
    return build(c.row, c.params, { ...c.auth, ...bad }, c.body && { type: c.body.type, text: encodeBody(c.body.type, c.body.value) })
  },
  'no-credentials': (c) => {
    const auth = Object.fromEntries(Object.entries(c.auth).filter(([name]) => name === 'client_id'))
    return build(c.row, c.params, auth, c.body && { type: c.body.type, text: encodeBody(c.body.type, c.body.value) })
  },
  'bad-header': (c) => build(c.row, c.params, { ...c.auth, [c.rnd.pick(['accept', 'prefer', 'content-type', 'x-forwarded-for', 'uuid', 'request-tracking-id'])]: c.rnd.pick(['text/html', 'application/xml', '*/*;q=abc', 'code=abc', 'code=200, code=404', 'example=nope', 'dynamic=maybe', 'delay=-5', 'delay=99999999', 'a'.repeat(2000), '../../', ';;;']) }, c.body && { type: c.body.type, text: encodeBody(c.body.type, c.body.value) }),
  'malformed-json': (c) => jsonBody(c, c.rnd.pick(['{', '{"a":', '[1,2', 'nul', '{"a":1}}', "{'a':1}", '{"a":01}', '\u0000', '{"a":"\\x"}'])),
  'wrong-json-type': (c) => jsonBody(c, JSON.stringify(c.rnd.pick(BODY_GARBAGE))),
  'bad-field': (c) => (c.body === undefined || !c.body.type.includes('json') ? undefined : jsonBody(c, JSON.stringify(mutateJson(c.body.value, c.rnd)))),
  'prototype-key': (c) => jsonBody(c, c.rnd.pick(['{"__proto__":{"admin":true}}', '{"a":{"constructor":{"prototype":{"x":1}}}}', '[{"__proto__":[]}]'])),
  'deep-json': (c) => jsonBody(c, c.rnd.chance(0.5) ? deepJson(10_000) : '['.repeat(10_000) + ']'.repeat(10_000)),
  'oversized-body': (c) => jsonBody(c, `{"a":"${'x'.repeat(1_100_000)}"}`),
  'empty-json': (c) => jsonBody(c, ''),
  'wrong-media-type': (c) => build(c.row, c.params, c.auth, { type: c.rnd.pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'json', 'application/json; charset=klingon', 'image/png', 'application/x-www-form-urlencoded']), text: c.rnd.pick(['a=1', '<a/>', '{"a":1}', '--x--', '\u0089PNG']) }),
}

const WEIGHTS: Array<[string, number]> = [
  ['valid', 12], ['missing-parameter', 8], ['bad-parameter', 20], ['unknown-query', 5], ['bad-credentials', 8], ['no-credentials', 4],
  ['bad-header', 8], ['malformed-json', 6], ['wrong-json-type', 6], ['bad-field', 10], ['prototype-key', 3], ['deep-json', 1],
  ['oversized-body', 0.5], ['empty-json', 3], ['wrong-media-type', 5],
]
const TOTAL = WEIGHTS.reduce((sum, [, w]) => sum + w, 0)

function pickMistake (rnd: Random): string {
  let at = rnd.next() * TOTAL
  for (const [name, weight] of WEIGHTS) {
    at -= weight
    if (at < 0) return name
  }
  return 'valid'
}

/** One request to one operation: valid, or with one client mistake. */
export function plan (row: RouteRow, auth: Record<string, string>, rnd: Random): Planned {
  const params = parameters(row)
  const example = exampleBody(row)
  const ctx = { row, params, auth, body: example, rnd }
  for (;;) {
    const mistake = pickMistake(rnd)
    const sent = MISTAKES[mistake]!(ctx)
    if (sent !== undefined) return { row, mistake, sent }
  }
}
