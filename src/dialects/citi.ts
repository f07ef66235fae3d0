import { fieldPath } from './field-path.js'
import type { Dialect, DialectEntry } from './types.js'

const invalid: DialectEntry = { status: 400, code: 'invalidRequest', title: 'invalid' }
const unAuthorized: DialectEntry = { status: 401, code: 'unAuthorized', title: 'error' }
const notFound: DialectEntry = { status: 404, code: 'resourceNotFound', title: 'error' }
const refused: DialectEntry = { status: 400, code: 'invalidRequest', title: 'error' }
const fatal: DialectEntry = { status: 500, code: 'serverUnavailable', title: 'fatal' }

// Citi's envelope: {"type": "invalid|error|warn|fatal", "code": "…", "details": "…", "location": "<field>"}.
// Citi documents 400, 401, 403, 404 and 500 only: every client mistake is a 400 invalidRequest
// (or the documented business code a behaviour names, e.g. invalidControlFlowId). The `title`
// of an entry is the envelope's `type`.
export const citi: Dialect = {
  name: 'citi',
  table: {
    'missing-header': invalid,
    'invalid-header': invalid,
    'missing-parameter': invalid,
    'invalid-parameter': invalid,
    'too-many-items': invalid,
    'invalid-body': invalid,
    'malformed-json': invalid,
    'unsupported-media-type': invalid,
    'not-acceptable': invalid,
    'body-too-large': invalid,
    'missing-credentials': unAuthorized,
    'bad-credentials': unAuthorized,
    forbidden: { status: 403, code: 'accessNotConfigured', title: 'error' },
    'not-found': notFound,
    gone: notFound,
    conflict: refused,
    'unknown-route': notFound,
    'method-not-allowed': { status: 405, code: 'methodNotAllowed', title: 'error' },
    'business-rule': refused,
    'server-error': fatal,
    'service-unavailable': fatal,
    'internal-error': fatal,
  },
  envelope (problem, entry) {
    const body: { type: string, code: string, details: string, location?: string } = {
      type: entry.title,
      code: problem.code ?? entry.code ?? 'invalidRequest',
      details: problem.message,
    }
    // Body fields travel as JSON pointers; other fields (and body fields a behaviour names plainly) as they are.
    if (problem.field !== undefined) body.location = problem.field.name.startsWith('/') ? fieldPath(problem.field.name) : problem.field.name
    return body
  },
}
