import type { FieldRef, ProblemKind } from '../engine/problems.js'
import { fieldPath } from './field-path.js'
import type { Dialect, DialectEntry } from './types.js'

// Asseco SEE's two error bodies: field validation answers 400
// {"errors":[{"tag":"<field>","error":"required|invalid-format|…","message":"…"}]}; everything
// else is a problem {"problem":"<name>","message":"…","details":"…"} (a business rule: HTTP 440).

const problem = (status: number, code: string, title: string): DialectEntry => ({ status, code, title })
const badRequest = (title: string): DialectEntry => ({ status: 400, code: 'bad-request', title })

/** Kinds about one input field: they answer 400 with the validation body. */
const FIELD_ENTRIES = {
  'missing-header': badRequest('A required header is missing.'),
  'invalid-header': badRequest('A header is invalid.'),
  'missing-parameter': badRequest('A required parameter is missing.'),
  'invalid-parameter': badRequest('A parameter is invalid.'),
  'too-many-items': badRequest('Too many values were sent.'),
  'invalid-body': badRequest('The request body is invalid.'),
  'malformed-json': badRequest('The request body is not valid JSON.'),
  'unsupported-media-type': badRequest('The request body must be sent as application/json.'),
} satisfies Partial<Record<ProblemKind, DialectEntry>>
const FIELD_KINDS: ReadonlySet<ProblemKind> = new Set(Object.keys(FIELD_ENTRIES) as ProblemKind[])

/** The field as the client wrote it: a body pointer `/0/start-date` → `[0].start-date`; others by name. */
function tagOf (field: FieldRef | undefined): string {
  if (field === undefined) return 'body'
  return field.in === 'body' ? fieldPath(field.name) : field.name
}

export const asseco: Dialect = {
  name: 'asseco',
  reasons: { 440: 'Business Rule Violation' },
  table: {
    ...FIELD_ENTRIES,
    'not-acceptable': problem(406, 'bad-request', 'The requested media type cannot be produced.'),
    'body-too-large': problem(413, 'bad-request', 'The request body is too large.'),
    'missing-credentials': problem(401, 'unauthorized', 'An access token is required: Authorization: bearer {token}.'),
    'bad-credentials': problem(401, 'unauthorized', 'The access token is not valid.'),
    forbidden: problem(403, 'forbidden', 'The access token does not allow this operation.'),
    'not-found': problem(404, 'not-found', 'The requested resource does not exist.'),
    gone: problem(410, 'gone', 'The requested resource no longer exists.'),
    conflict: problem(409, 'bad-request', 'The request conflicts with the current state of the resource.'),
    'unknown-route': problem(404, 'not-found', 'The Party Profile API has no such resource.'),
    'method-not-allowed': problem(405, 'not-implemented', 'The method is not supported on this resource.'),
    'business-rule': problem(440, 'business-rule-violation', 'The request breaks a business rule.'),
    'server-error': problem(500, 'internal-error', 'The service failed to process the request.'),
    'service-unavailable': problem(503, 'service-unavailable', 'The service is temporarily unavailable.'),
    'internal-error': problem(500, 'internal-error', 'The service failed to process the request.'),
  },
  envelope (p, entry) {
    if (FIELD_KINDS.has(p.kind)) {
      const error = p.kind === 'missing-header' || p.kind === 'missing-parameter' ? 'required' : p.reason ?? 'invalid-format'
      return { errors: [{ tag: tagOf(p.field), error, message: p.message }] }
    }
    return { problem: p.code ?? entry.code ?? 'bad-request', message: p.message, details: entry.title }
  },
}
