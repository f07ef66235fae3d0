import { randomUUID } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { Problem } from '../engine/problems.js'
import type { UuidSource } from '../engine/uuid.js'
import type { Dialect, RenderedProblem } from './types.js'

/** The server passes its (possibly seeded) UUID source; direct callers get random ones. */
export function renderProblem (dialect: Dialect, problem: Problem, headers: IncomingHttpHeaders, uuid: UuidSource = randomUUID): RenderedProblem {
  const entry = dialect.table[problem.kind]
  const extra: Record<string, string> = dialect.headers?.(problem, entry) ?? {}
  if (problem.allow !== undefined) extra.allow = problem.allow.join(', ')
  return { status: entry.status, body: dialect.envelope(problem, entry, headers, uuid), headers: extra }
}
