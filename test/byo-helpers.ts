import { fileURLToPath } from 'node:url'
import type { Test } from 'tap'
import type { SandboxOptions } from '../src/server.js'
import { sandbox, type TestSandbox } from './helpers.js'

/** The specs written for these tests: own APIs with no sandbox extensions. */
export const BYO = fileURLToPath(new URL('./fixtures/byo/', import.meta.url))
export const PETSTORE = `${BYO}specs/petstore.yaml`
export const LIBRARY = `${BYO}specs/library.yaml`

/** A sandbox of one own spec (or a folder of them), in contract mode, with no fixtures unless asked. */
export function byo (t: Test, specsDir: string, overrides: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  return sandbox(t, { specsDir, fixturesDir: `${BYO}no-fixtures`, ...overrides })
}

export const key = (value: string): Record<string, string> => ({ 'x-api-key': value })
export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` })
