import { httpTable } from './http-table.js'
import type { Dialect } from './types.js'

// The sandbox's own envelope, for its /__sandbox routes and for paths under no API.
export const sandbox: Dialect = {
  name: 'sandbox',
  table: httpTable,
  envelope (problem, entry) {
    return { problem: problem.kind, title: entry.title, message: problem.message }
  },
}
