import type { Dialect, DialectEntry } from './types.js'

const invalid: DialectEntry = { status: 400, code: 'invalidRequest', title: 'invalid' }
const unAuthorized: DialectEntry = { status: 401, code: 'unAuthorized', title: 'error' }
const notFound: DialectEntry = { status: 404, code: 'resourceNotFound', title: 'error' }
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
    conflict: { status: 400, code: 'invalidRequest', title: 'error' },
    'unknown-route': notFound,
    'method-not-allowed': { status: 405, code: 'methodNotAllowed', title: 'error' },
    'business-rule': { status: 400, code: 'invalidRequest', title: 'error' },
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
    if (problem.field !== undefined) body.location = locationOf(problem.field.name)
    return body
  },
}

/** A body field's JSON pointer as a client names it: `/emails/0/emailAddress` → `emails[0].emailAddress`. */
function locationOf (name: string): string {
  if (!name.startsWith('/')) return name
  if (name === '/') return 'body'
  return name.slice(1).split('/').map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`)).join('')
}
