import type { FastifyReply } from 'fastify'
import type { generateSync } from 'json-schema-faker'
import type { Dialect } from '../dialects/types.js'
import type { RouteRow } from '../spec/compile.js'
import { toJsonSchema } from '../spec/json-schema.js'
import type { JsonSchema } from '../spec/types.js'
import type { Preferences } from './prefer.js'
import { PROBLEM_KINDS, Problem, type ProblemKind } from './problems.js'
import { setReasonPhrase } from './reason-phrase.js'

/** A response a client forced with Prefer: a status, its body (undefined: no body), its media type and declared headers. */
export interface Forced { status: number, body: unknown, type?: string, headers?: Record<string, string> }

/** What a `dynamic=true` body is made with: a fresh seed per call (from --seed, or random) and faker for `x-faker` hints. */
export interface DynamicSource { seed: () => number, faker?: unknown }

/** A text body for a non-JSON media type the spec gives no string example for. */
function textBody (type: string, status: number, description: string): string {
  if (type === 'text/html') return `<!doctype html><html><head><meta charset="utf-8"><title>${status}</title></head><body><p>${description.replace(/[<&]/g, ' ')}</p></body></html>`
  return description
}

let generate: typeof generateSync | undefined
/** json-schema-faker, loaded before the first forced answer (a plain start never pays for it). */
export async function loadGenerator (): Promise<void> {
  generate ??= (await import('json-schema-faker')).generateSync
}

function generated (...args: Parameters<typeof generateSync>): unknown {
  if (generate === undefined) throw new Error('json-schema-faker is not loaded: await loadGenerator() first')
  return generate(...args)
}

/** A declared response header's value: its example, its schema's example, or one generated from its schema. */
function headerValue (header: { example?: unknown, schema?: JsonSchema }, seed: number): string {
  const value = header.example ?? header.schema?.example ?? generated(toJsonSchema(header.schema ?? { type: 'string' }) as never, { seed })
  return String(value)
}

// When a status stands for several problem kinds, the most telling one speaks for it.
const KIND_ORDER: ProblemKind[] = [...new Set<ProblemKind>([
  'not-found', 'bad-credentials', 'forbidden', 'invalid-parameter', 'invalid-body', 'business-rule',
  'server-error', 'service-unavailable', 'conflict', 'gone', 'unsupported-media-type', 'not-acceptable',
  'body-too-large', 'method-not-allowed', ...PROBLEM_KINDS,
])]

function kindFor (dialect: Dialect, status: number): ProblemKind | undefined {
  return KIND_ORDER.find((kind) => dialect.table[kind].status === status)
}

const FIELD = { in: 'header' as const, name: 'Prefer' }

/**
 * Compiles, once per operation, how it answers a forced status: the named examples of the
 * spec, the dialect's own envelope for error statuses, or a body generated from the schema.
 */
export function compileForcedResponses (row: RouteRow, dynamic: DynamicSource = { seed: () => Math.floor(Math.random() * 0x100000000) }): (prefs: Preferences) => Forced | Problem {
  const examples = new Map<number, Map<string, unknown>>()
  // Per status: the first documented media type, and the raw JSON schema (x-faker hints kept for faker).
  const media = new Map<number, { type: string | undefined, schema: JsonSchema | undefined, faked?: JsonSchema, text: string | undefined, headers: Array<[string, { example?: unknown, schema?: JsonSchema }]> }>()
  for (const [status, response] of Object.entries(row.operation.responses ?? {})) {
    const json = response.content?.['application/json']
    const named = new Map<string, unknown>()
    for (const [name, example] of Object.entries(json?.examples ?? {})) named.set(name, example.value)
    if (json?.example !== undefined) named.set('default', json.example)
    examples.set(Number(status), named)
    const [type, content] = Object.entries(response.content ?? {})[0] ?? []
    const example = content?.example ?? Object.values(content?.examples ?? {})[0]?.value
    media.set(Number(status), {
      type,
      // Made into a generator's schema on the first body generated for it (most statuses never are).
      schema: json?.schema,
      text: type === undefined || type === 'application/json' ? undefined : typeof example === 'string' ? example : textBody(type, Number(status), response.description ?? ''),
      headers: Object.entries((response as { headers?: Record<string, { example?: unknown, schema?: JsonSchema }> }).headers ?? {}),
    })
  }
  const documented = [...row.responses.keys()].sort((a, b) => a - b)
  const problems = new Map<number, ProblemKind | undefined>(documented.map((s) => [s, kindFor(row.dialect, s)]))

  const badPreference = (message: string): Problem =>
    new Problem('invalid-header', `Prefer ${message}`, { field: FIELD, reason: 'invalid-format' })

  return (prefs) => {
    let status = prefs.code
    if (status === undefined && prefs.example !== undefined) {
      status = documented.find((s) => examples.get(s)?.has(prefs.example!) === true)
    }
    status ??= row.successStatus
    if (!row.responses.has(status)) {
      return badPreference(`code=${status} is not documented for ${row.operationId}; documented: ${documented.join(', ')}`)
    }
    const named = examples.get(status) ?? new Map<string, unknown>()
    const declared = media.get(status)
    // The media type and every declared header (a 302's Location) go with every forced answer.
    const dressed = (body: unknown): Forced => {
      const forced: Forced = { status, body }
      if (declared?.type !== undefined && body !== undefined) forced.type = declared.type
      if (declared !== undefined && declared.headers.length > 0) {
        const seed = dynamic.seed()
        forced.headers = Object.fromEntries(declared.headers.map(([name, header], i) => [name, headerValue(header, seed + i)]))
      }
      return forced
    }
    if (prefs.example !== undefined) {
      if (!named.has(prefs.example)) {
        const known = [...named.keys()]
        return badPreference(`example=${prefs.example} is not documented for ${row.operationId} ${status}; documented: ${known.length === 0 ? 'none' : known.join(', ')}`)
      }
      return dressed(named.get(prefs.example))
    }
    const kind = problems.get(status)
    // An error documented as a page (not JSON) is answered as that page, not in the JSON envelope.
    if (status >= 400 && prefs.dynamic !== true && kind !== undefined && declared?.text === undefined) {
      return new Problem(kind, `forced by Prefer: code=${status}`)
    }
    if (declared?.text !== undefined) return dressed(declared.text)
    if (declared?.schema === undefined) return dressed(undefined)
    const schema = declared.faked ??= toJsonSchema(declared.schema, { 'x-faker': 'faker' })
    if (prefs.dynamic !== true && named.size > 0) return dressed(named.values().next().value)
    // A new body per call: seeded from the sandbox's sequence (reproducible under --seed), faker for x-faker hints.
    const options = { seed: dynamic.seed(), alwaysFakeOptionals: true, maxItems: 5, ...(dynamic.faker === undefined ? {} : { extensions: { faker: dynamic.faker } }) }
    return dressed(generated(schema as never, options as never))
  }
}

/** Sends a forced answer (Prefer, a runtime plan): its status with the dialect's reason phrase, headers, type and body. */
export function sendForced (reply: FastifyReply, dialect: Dialect, answer: Forced): void {
  reply.code(answer.status)
  setReasonPhrase(reply, dialect, answer.status)
  if (answer.headers !== undefined) reply.headers(answer.headers)
  if (answer.type !== undefined) reply.type(answer.type === 'application/json' ? 'application/json; charset=utf-8' : answer.type.startsWith('text/') ? `${answer.type}; charset=utf-8` : answer.type)
  if (answer.body === undefined) reply.send()
  else reply.send(answer.body)
}
