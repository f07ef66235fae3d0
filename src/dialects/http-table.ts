import type { ProblemKind } from '../engine/problems.js'
import type { DialectEntry } from './types.js'

/** The plain HTTP reading of every problem kind: status and reason phrase. Dialects start from it. */
export const httpTable: Readonly<Record<ProblemKind, DialectEntry>> = {
  'missing-header': { status: 400, title: 'Bad Request' },
  'invalid-header': { status: 400, title: 'Bad Request' },
  'missing-parameter': { status: 400, title: 'Bad Request' },
  'invalid-parameter': { status: 400, title: 'Bad Request' },
  'too-many-items': { status: 400, title: 'Bad Request' },
  'invalid-body': { status: 400, title: 'Bad Request' },
  'malformed-json': { status: 400, title: 'Bad Request' },
  'unsupported-media-type': { status: 415, title: 'Unsupported Media Type' },
  'not-acceptable': { status: 406, title: 'Not Acceptable' },
  'body-too-large': { status: 413, title: 'Payload Too Large' },
  'missing-credentials': { status: 401, title: 'Unauthorized' },
  'bad-credentials': { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  'not-found': { status: 404, title: 'Not Found' },
  gone: { status: 410, title: 'Gone' },
  conflict: { status: 409, title: 'Conflict' },
  'unknown-route': { status: 404, title: 'Not Found' },
  'method-not-allowed': { status: 405, title: 'Method Not Allowed' },
  'business-rule': { status: 422, title: 'Unprocessable Entity' },
  'server-error': { status: 500, title: 'Internal Server Error' },
  'service-unavailable': { status: 503, title: 'Service Unavailable' },
  'internal-error': { status: 500, title: 'Internal Server Error' },
}
