import type { Dialect } from './types.js'

// OAuth 2.0's error response (RFC 6749 §5.2): {"error": "<code>", "error_description": "…"}.
// For token endpoints, whatever API they belong to (an operation opts in with x-sandbox-dialect: oauth2).
export const oauth2: Dialect = {
  name: 'oauth2',
  table: {
    'missing-header': { status: 400, code: 'invalid_request', title: 'invalid request' },
    'invalid-header': { status: 400, code: 'invalid_request', title: 'invalid request' },
    'missing-parameter': { status: 400, code: 'invalid_request', title: 'invalid request' },
    'invalid-parameter': { status: 400, code: 'invalid_request', title: 'invalid request' },
    'too-many-items': { status: 400, code: 'invalid_request', title: 'invalid request' },
    'invalid-body': { status: 400, code: 'invalid_request', title: 'invalid request' },
    'malformed-json': { status: 400, code: 'invalid_request', title: 'invalid request' },
    'unsupported-media-type': { status: 400, code: 'invalid_request', title: 'invalid request' },
    'not-acceptable': { status: 406, code: 'invalid_request', title: 'invalid request' },
    'body-too-large': { status: 413, code: 'invalid_request', title: 'invalid request' },
    'missing-credentials': { status: 401, code: 'invalid_client', title: 'invalid client' },
    'bad-credentials': { status: 401, code: 'invalid_client', title: 'invalid client' },
    forbidden: { status: 400, code: 'unauthorized_client', title: 'unauthorized client' },
    'not-found': { status: 400, code: 'invalid_grant', title: 'invalid grant' },
    gone: { status: 400, code: 'invalid_grant', title: 'invalid grant' },
    conflict: { status: 400, code: 'invalid_grant', title: 'invalid grant' },
    'unknown-route': { status: 404, code: 'invalid_request', title: 'invalid request' },
    'method-not-allowed': { status: 405, code: 'invalid_request', title: 'invalid request' },
    'business-rule': { status: 400, code: 'invalid_grant', title: 'invalid grant' },
    'server-error': { status: 500, code: 'server_error', title: 'server error' },
    'service-unavailable': { status: 503, code: 'temporarily_unavailable', title: 'temporarily unavailable' },
    'internal-error': { status: 500, code: 'server_error', title: 'server error' },
  },
  envelope (problem, entry) {
    return { error: problem.code ?? entry.code, error_description: problem.message }
  },
  // RFC 6749 §5.2: a 401 invalid_client names the scheme the client authenticates with.
  headers: (_problem, entry): Record<string, string> => entry.status === 401 ? { 'www-authenticate': 'Basic realm="profile-sandbox", charset="UTF-8"' } : {},
}
