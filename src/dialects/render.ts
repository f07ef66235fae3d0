import type { IncomingHttpHeaders } from 'node:http'
import type { Problem } from '../engine/problems.js'
import type { Dialect, RenderedProblem } from './types.js'

export function renderProblem (dialect: Dialect, problem: Problem, headers: IncomingHttpHeaders): RenderedProblem {
  const entry = dialect.table[problem.kind]
  const extra: Record<string, string> = {}
  if (problem.allow !== undefined) extra.allow = problem.allow.join(', ')
  return { status: entry.status, body: dialect.envelope(problem, entry, headers), headers: extra }
}
