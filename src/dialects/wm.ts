import type { Dialect } from './types.js'

function firstHeader (value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

// WM's envelope: {"error":{"code":"<status>","message":"…","errors":[{"message":"…"}]},"request_tracking_id":"…"}
export const wm: Dialect = {
  name: 'wm',
  table: {
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
    'server-error': { status: 500, title: 'Service Error' },
    'service-unavailable': { status: 503, title: 'Service Unavailable' },
    'internal-error': { status: 500, title: 'Service Error' },
  },
  envelope (problem, entry, headers) {
    const body: { error: unknown, request_tracking_id?: string } = {
      error: { code: String(entry.status), message: entry.title, errors: [{ message: problem.message }] },
    }
    const tracking = firstHeader(headers['request-tracking-id'])
    if (tracking !== undefined) body.request_tracking_id = tracking
    return body
  },
}
