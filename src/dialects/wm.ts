import { httpTable } from './http-table.js'
import type { Dialect } from './types.js'

function firstHeader (value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

// WM's envelope: {"error":{"code":"<status>","message":"…","errors":[{"message":"…"}]},"request_tracking_id":"…"}
export const wm: Dialect = {
  name: 'wm',
  // WM's documented 500 message is "Service Error".
  table: {
    ...httpTable,
    'server-error': { status: 500, title: 'Service Error' },
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
