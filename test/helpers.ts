import { randomBytes } from 'node:crypto'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import type { Test } from 'tap'
import { buildServer, type SandboxOptions } from '../src/server.js'
import type { ContractViolation } from '../src/engine/contract.js'
import { testBuildOption } from './spec-build.js'


export interface TestSandbox {
  app: FastifyInstance
  /** app.inject, then asserts the response matched the spec's schema for its status. */
  inject: (options: InjectOptions) => Promise<LightMyRequestResponse>
}

/**
 * A fresh sandbox on an in-memory store, in contract mode, closed when the test ends, started
 * from the tests' spec build when it matches the sources (test/spec-build.ts). With
 * SANDBOX_TEST_STORE=postgres://…/db it runs on the shared engine instead, on a database of its
 * own (created on that server, dropped when the test ends): the same tests prove that engine.
 */
export async function sandbox (t: Test, overrides: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const violations: ContractViolation[] = []
  const shared = process.env.SANDBOX_TEST_STORE
  const app = await buildServer({
    ...testBuildOption(),
    inMemory: true,
    logLevel: 'silent',
    contract: true,
    onContractViolation: (v) => { violations.push(v) },
    ...overrides,
    ...(shared === undefined || shared === '' ? {} : { store: await scratchDatabase(t, shared) }),
  })
  t.teardown(() => app.close())
  return {
    app,
    async inject (options) {
      const response = await app.inject(options)
      t.same(violations.splice(0), [], `${String(options.method ?? 'GET')} ${String(options.url)} → ${response.statusCode} matches the spec`)
      return response
    },
  }
}

const scratch = new WeakMap<Test, Promise<string>>()

/**
 * A new database on the server of `url` for this test (its sandboxes share it, as a restart or a
 * second replica would), dropped (with its connections) when the test ends.
 */
function scratchDatabase (t: Test, url: string): Promise<string> {
  let made = scratch.get(t)
  if (made === undefined) {
    made = createDatabase(t, url)
    scratch.set(t, made)
  }
  return made
}

async function createDatabase (t: Test, url: string): Promise<string> {
  const { default: pg } = await import('pg')
  const name = `sandbox_test_${randomBytes(6).toString('hex')}`
  const run = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try { await client.query(sql) } finally { await client.end() }
  }
  await run(`CREATE DATABASE ${name}`)
  t.teardown(() => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
  const target = new URL(url)
  target.pathname = `/${name}`
  return target.toString()
}

export const WM_HEADERS = {
  'request-tracking-id': '12345',
  authorization: 'Basic b2NzdXNlcjpvY3N1c2Vy',
  profileid: 'eBiz_215',
}

export const basic = (user: string, password: string): string =>
  'Basic ' + Buffer.from(`${user}:${password}`).toString('base64')

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
