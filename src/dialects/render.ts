import { randomUUID } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { Problem } from '../engine/problems.js'
import type { Dialect, RenderedProblem } from './types.js'

export function renderProblem (dialect: Dialect, problem: Problem, headers: IncomingHttpHeaders, uuid: () => string = randomUUID): RenderedProblem {
  const entry = dialect.table[problem.kind]
  const extra: Record<string, string> = {}
  if (problem.allow !== undefined) extra.allow = problem.allow.join(', ')
  return { status: entry.status, body: dialect.envelope(problem, entry, headers, uuid), headers: extra }
}
