import t from 'tap'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildServer, defaultOptions } from '../../src/server.js'
import type { ContractViolation } from '../../src/engine/contract.js'
import { WM_HEADERS } from '../helpers.js'

/** A sandbox over a copy of the specs in which WM's Profile schema allows a registered_code no fixture has. */
async function driftedSandbox (t: { teardown: (fn: () => unknown) => void }, contract: boolean) {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-contract-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  await cp(defaultOptions.specsDir, dir, { recursive: true })
  const file = join(dir, 'wm-profiles.yaml')
  const text = await readFile(file, 'utf8')
  await writeFile(file, text.replace("description: Registered code.", "description: Registered code.\n          enum: [X]"))
  const violations: ContractViolation[] = []
  const app = await buildServer({ specsDir: dir, inMemory: true, logLevel: 'silent', contract, onContractViolation: (v) => { violations.push(v) } })
  t.teardown(() => app.close())
  return { app, violations }
}

t.test('contract mode reports a response that does not match the spec', async (t) => {
  const { app, violations } = await driftedSandbox(t, true)
  const res = await app.inject({ url: '/api/v1/customers/104127993008/profiles', headers: WM_HEADERS })
  t.equal(res.statusCode, 200, 'the response itself still goes out')
  t.equal(violations.length, 1)
  t.match(violations[0], {
    operationId: 'getCustomerProfiles',
    method: 'GET',
    status: 200,
    message: /status 200 body \/profiles\/0\/registered_code must be equal to one of the allowed values/,
  })
})

t.test('contract mode reports a status the operation does not document', async (t) => {
  const { app, violations } = await driftedSandbox(t, true)
  await app.inject({ method: 'GET', url: '/api/v1/customers/104127993008/profiles', headers: { ...WM_HEADERS, 'content-type': 'application/json' }, payload: '"' + 'x'.repeat(2 * 1024 * 1024) + '"' })
  t.match(violations, [{ status: 413, message: 'status 413 is not documented for getCustomerProfiles' }])
})

t.test('without contract mode nothing is checked', async (t) => {
  const { app, violations } = await driftedSandbox(t, false)
  const res = await app.inject({ url: '/api/v1/customers/104127993008/profiles', headers: WM_HEADERS })
  t.equal(res.statusCode, 200)
  t.same(violations, [])
})
