import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { FastifyRequest } from 'fastify'
import type { RouteRow } from '../spec/compile.js'
import { PROBLEM_KINDS, Problem, type ProblemKind } from './problems.js'

/** A magic value: a documented input that always produces a given outcome. */
export interface Scenario {
  operationId: string
  trigger: { in: 'path' | 'query' | 'header', name: string, value: string }
  outcome: { problem: ProblemKind, message: string }
}

const PARTS = { path: 'params', query: 'query', header: 'headers' } as const

/** Reads `fixtures/<api>/scenarios.json` (optional) and checks every entry against the API's operations. */
export async function loadScenarios (fixturesDir: string, apiId: string, rows: RouteRow[]): Promise<Scenario[]> {
  const path = join(fixturesDir, apiId, 'scenarios.json')
  let list: unknown
  try {
    list = JSON.parse(await readFile(path, 'utf8'))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw new Error(`fixture ${apiId}/scenarios.json cannot be read: ${(err as Error).message}`, { cause: err })
  }
  if (!Array.isArray(list)) throw new Error(`fixture ${apiId}/scenarios.json must be a list of scenarios`)
  const operations = new Set(rows.map((r) => r.operationId))
  return list.map((entry: Scenario, i) => {
    const where = `fixture ${apiId}/scenarios.json entry ${i}`
    if (!operations.has(entry?.operationId)) throw new Error(`${where}: operationId "${String(entry?.operationId)}" is not in the spec`)
    if (!(entry.trigger?.in in PARTS) || typeof entry.trigger.name !== 'string' || typeof entry.trigger.value !== 'string') {
      throw new Error(`${where}: trigger needs in (path, query or header), name and value`)
    }
    if (!PROBLEM_KINDS.includes(entry.outcome?.problem)) throw new Error(`${where}: outcome.problem must be a problem kind`)
    return entry
  })
}

/** Checks a request for the operation's magic values, answering the outcome's problem; none for operations without any. */
export type ScenarioCheck = (request: FastifyRequest) => Problem | undefined

/** The magic-value check of an operation; undefined for the operations that have none. Runs after the credential check. */
export function scenarioCheck (row: RouteRow, scenarios: Scenario[]): ScenarioCheck | undefined {
  const own = scenarios.filter((s) => s.operationId === row.operationId).map((s) => ({
    part: PARTS[s.trigger.in],
    name: s.trigger.in === 'header' ? s.trigger.name.toLowerCase() : s.trigger.name,
    value: s.trigger.value,
    problem: new Problem(s.outcome.problem, s.outcome.message),
  }))
  if (own.length === 0) return undefined
  return (request) => {
    for (const s of own) {
      const values = request[s.part] as Record<string, unknown> | undefined
      const value = values?.[s.name]
      // A parameter the schema types as a number or boolean arrives coerced: the trigger is its text.
      if (value === s.value || (Array.isArray(value) && value.map(String).includes(s.value)) || ((typeof value === 'number' || typeof value === 'boolean') && String(value) === s.value)) return s.problem
    }
    return undefined
  }
}
