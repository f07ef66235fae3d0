import { readFileSync } from 'node:fs'
import type { InjectOptions } from 'fastify'
import type { Test } from 'tap'
import type { ContractViolation } from '../src/engine/contract.js'
import { sandbox, type TestSandbox } from './helpers.js'

/** The collection URL of a company's customer profiles (without the trailing slash; both work). */
export const profilesUrl = (company: number | string = 0): string => `/api/v1.0/companies/${company}/setup/customerProfiles`

export const TOKEN = { authorization: 'Bearer simpro-sandbox-token' }
export const TOKEN_2 = { authorization: 'Bearer simpro-sandbox-token-2' }

export interface Profile { ID: number, Name: string, Archived: boolean }

/** Company 0's fixture profiles, read straight from the fixture file: the oracle of the list tests. */
export const COMPANY_0: Profile[] = Object.values(JSON.parse(readFileSync(new URL('../fixtures/simpro/data/customerProfiles.0.json', import.meta.url), 'utf8')))

export const simproError = (path: string, message: string, value: unknown = null): unknown => ({ errors: [{ path, message, value }] })

/**
 * One sandbox (in-memory, contract mode) for a file's read-only tests: booting one per test
 * would cost more than the tests. Each subtest checks its own responses against the spec.
 */
export async function sharedSandbox (top: Test): Promise<(t: Test) => TestSandbox> {
  const violations: ContractViolation[] = []
  const { app } = await sandbox(top, { onContractViolation: (v) => { violations.push(v) } })
  return (t) => ({
    app,
    async inject (options: InjectOptions) {
      const response = await app.inject(options)
      t.same(violations.splice(0), [], `${String(options.method ?? 'GET')} ${String(options.url)} → ${response.statusCode} matches the spec`)
      return response
    },
  })
}
