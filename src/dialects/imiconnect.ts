import type { Dialect } from './types.js'

// IMIconnect's envelope: {"Status": <non-zero>, "Description": "…", "code": "<4 digits>", "transid": "<uuid>"}.
// Codes from the seed (7000, 7001, 7003) and the Profile API family (7006, 7011, 7012, 7203).
// Kinds with no documented code (unknown route, wrong method) carry the HTTP status as their code.
export const imiconnect: Dialect = {
  name: 'imiconnect',
  table: {
    'missing-header': { status: 400, code: '7003', title: 'Mandatory parameters missing' },
    'invalid-header': { status: 400, code: '7011', title: 'Invalid attribute value' },
    'missing-parameter': { status: 400, code: '7003', title: 'Mandatory parameters missing' },
    'invalid-parameter': { status: 400, code: '7011', title: 'Invalid attribute value' },
    'too-many-items': { status: 400, code: '7012', title: 'Batch size limit exceeded' },
    'invalid-body': { status: 400, code: '7011', title: 'Invalid attribute value' },
    'malformed-json': { status: 400, code: '7000', title: 'Invalid JSON' },
    'unsupported-media-type': { status: 400, code: '7000', title: 'Invalid JSON' },
    'not-acceptable': { status: 406, code: '406', title: 'Not acceptable' },
    'body-too-large': { status: 413, code: '7000', title: 'Invalid JSON' },
    'missing-credentials': { status: 401, code: '7001', title: 'Authentication failed' },
    'bad-credentials': { status: 401, code: '7001', title: 'Authentication failed' },
    forbidden: { status: 403, code: '7001', title: 'Authentication failed' },
    'not-found': { status: 404, code: '7203', title: 'Customer not found' },
    gone: { status: 404, code: '7203', title: 'Customer not found' },
    conflict: { status: 400, code: '7011', title: 'Invalid attribute value' },
    'unknown-route': { status: 404, code: '404', title: 'Resource not found' },
    'method-not-allowed': { status: 405, code: '405', title: 'Method not allowed' },
    'business-rule': { status: 400, code: '7011', title: 'Invalid attribute value' },
    'server-error': { status: 500, code: '7006', title: 'Internal error' },
    'service-unavailable': { status: 503, code: '7006', title: 'Internal error' },
    'internal-error': { status: 500, code: '7006', title: 'Internal error' },
  },
  envelope (problem, entry, _headers, uuid) {
    return { Status: 1, Description: `${entry.title}: ${problem.message}`, code: problem.code ?? entry.code, transid: uuid() }
  },
}
