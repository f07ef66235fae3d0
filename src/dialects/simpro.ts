import type { Problem } from '../engine/problems.js'
import { httpTable } from './http-table.js'
import type { Dialect } from './types.js'

const UNPROCESSABLE = { status: 422, title: 'Unprocessable Entity' }

/** A JSON pointer to the offending field: body fields as they are, query and path parameters by name. */
function pointer (problem: Problem): string {
  const field = problem.field
  if (field === undefined) return ''
  if (field.in === 'body') return field.name === '/' ? '' : field.name
  if (field.in === 'query' || field.in === 'path') return `/${field.name}`
  return ''
}

// simPRO's envelope: {"errors":[{"path":"/Name","message":"…","value":…}]}. Every client input
// mistake is a 422, the status simPRO documents for invalid data.
export const simpro: Dialect = {
  name: 'simpro',
  table: {
    ...httpTable,
    'missing-header': UNPROCESSABLE,
    'invalid-header': UNPROCESSABLE,
    'missing-parameter': UNPROCESSABLE,
    'invalid-parameter': UNPROCESSABLE,
    'too-many-items': UNPROCESSABLE,
    'invalid-body': UNPROCESSABLE,
    'malformed-json': UNPROCESSABLE,
    conflict: UNPROCESSABLE,
  },
  envelope (problem) {
    return { errors: [{ path: pointer(problem), message: problem.message, value: problem.value ?? null }] }
  },
}
