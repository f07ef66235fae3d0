import { generateSync } from 'json-schema-faker'
import type { Dialect } from '../dialects/types.js'
import type { RouteRow } from '../spec/compile.js'
import type { Preferences } from './prefer.js'
import { PROBLEM_KINDS, Problem, type ProblemKind } from './problems.js'

/** A response a client forced with Prefer: a status and its body (undefined: no body). */
export interface Forced { status: number, body: unknown }

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
export function compileForcedResponses (row: RouteRow): (prefs: Preferences) => Forced | Problem {
  const examples = new Map<number, Map<string, unknown>>()
  for (const [status, response] of Object.entries(row.operation.responses ?? {})) {
    const media = response.content?.['application/json']
    const named = new Map<string, unknown>()
    for (const [name, example] of Object.entries(media?.examples ?? {})) named.set(name, example.value)
    if (media?.example !== undefined) named.set('default', media.example)
    examples.set(Number(status), named)
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
    if (prefs.example !== undefined) {
      if (!named.has(prefs.example)) {
        const known = [...named.keys()]
        return badPreference(`example=${prefs.example} is not documented for ${row.operationId} ${status}; documented: ${known.length === 0 ? 'none' : known.join(', ')}`)
      }
      return { status, body: named.get(prefs.example) }
    }
    const kind = problems.get(status)
    if (status >= 400 && prefs.dynamic !== true && kind !== undefined) {
      return new Problem(kind, `forced by Prefer: code=${status}`)
    }
    const schema = row.responses.get(status) ?? null
    if (schema === null) return { status, body: undefined }
    if (prefs.dynamic !== true && named.size > 0) return { status, body: named.values().next().value }
    return { status, body: generateSync(schema as never, { alwaysFakeOptionals: true }) }
  }
}
