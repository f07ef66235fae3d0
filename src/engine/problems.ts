// The one registry of problem kinds. The engine raises these; dialects only translate
// them into each API's documented status and envelope.

export const PROBLEM_KINDS = [
  'missing-header',
  'invalid-header',
  'missing-parameter',
  'invalid-parameter',
  'too-many-items',
  'invalid-body',
  'malformed-json',
  'unsupported-media-type',
  'not-acceptable',
  'body-too-large',
  'missing-credentials',
  'bad-credentials',
  'forbidden',
  'not-found',
  'gone',
  'conflict',
  'unknown-route',
  'method-not-allowed',
  'business-rule',
  'server-error',
  'service-unavailable',
  'internal-error',
] as const

export type ProblemKind = (typeof PROBLEM_KINDS)[number]

/** Where the offending input sits. `name` is the field as the client wrote it. */
export interface FieldRef {
  in: 'header' | 'path' | 'query' | 'body' | 'credentials' | 'cookie'
  name: string
}

export interface ProblemOptions {
  field?: FieldRef
  /** The validation rule that failed, in plain words: required, max-length, invalid-format, … */
  reason?: string
  /** Methods allowed on the path, for method-not-allowed. */
  allow?: string[]
  /** The API's own code for this case when it documents one (e.g. invalidControlFlowId); dialects prefer it. */
  code?: string
  /** The offending value as the client sent it, for dialects whose envelope echoes it. */
  value?: unknown
}

export class Problem extends Error {
  readonly kind: ProblemKind
  readonly field: FieldRef | undefined
  readonly reason: string | undefined
  readonly allow: string[] | undefined
  readonly code: string | undefined
  readonly value: unknown

  constructor (kind: ProblemKind, message: string, options: ProblemOptions = {}) {
    super(message)
    this.name = 'Problem'
    this.kind = kind
    this.field = options.field
    this.reason = options.reason
    this.allow = options.allow
    this.code = options.code
    this.value = options.value
  }
}

export function isProblem (value: unknown): value is Problem {
  return value instanceof Problem
}
