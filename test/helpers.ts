import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import type { Test } from 'tap'
import { buildServer, type SandboxOptions } from '../src/server.js'
import type { ContractViolation } from '../src/engine/contract.js'


export interface TestSandbox {
  app: FastifyInstance
  /** app.inject, then asserts the response matched the spec's schema for its status. */
  inject: (options: InjectOptions) => Promise<LightMyRequestResponse>
}

/** A fresh sandbox on an in-memory store, in contract mode, closed when the test ends. */
export async function sandbox (t: Test, overrides: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const violations: ContractViolation[] = []
  const app = await buildServer({
    inMemory: true,
    logLevel: 'silent',
    contract: true,
    onContractViolation: (v) => { violations.push(v) },
    ...overrides,
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

export const WM_HEADERS = {
  'request-tracking-id': '12345',
  authorization: 'Basic b2NzdXNlcjpvY3N1c2Vy',
  profileid: 'eBiz_215',
}

export const basic = (user: string, password: string): string =>
  'Basic ' + Buffer.from(`${user}:${password}`).toString('base64')

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
