import t from 'tap'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildServer, defaultOptions } from '../../src/server.js'
import type { ContractViolation } from '../../src/engine/contract.js'
import { WM_HEADERS } from '../helpers.js'

/** A sandbox over a copy of the specs in which WM's ticket answer allows a status the handler never sends (fixtures still match: they are checked at boot). */
async function driftedSandbox (t: { teardown: (fn: () => unknown) => void }, contract: boolean) {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-contract-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  await cp(defaultOptions.specsDir, dir, { recursive: true })
  const file = join(dir, 'wm-profiles.yaml')
  const text = await readFile(file, 'utf8')
  // …and whose operations document no 404.
  await writeFile(file, text.replace('          enum: [SUCCESS]\n', '          enum: [DONE]\n').replaceAll("        '404':\n          $ref: '#/components/responses/NotFound'\n", ''))
  const violations: ContractViolation[] = []
  const app = await buildServer({ specsDir: dir, inMemory: true, logLevel: 'silent', contract, onContractViolation: (v) => { violations.push(v) } })
  t.teardown(() => app.close())
  return { app, violations }
}

t.test('contract mode reports a response that does not match the spec', async (t) => {
  const { app, violations } = await driftedSandbox(t, true)
  const res = await app.inject({ method: 'POST', url: '/api/v1/customers/156714543005/tickets', headers: WM_HEADERS, payload: { reason_code: 'RES', service: { id: 1, code: '6FL', description: '6 Yard FEL' } } })
  t.equal(res.statusCode, 200, 'the response itself still goes out')
  // Twice: the handler's value, then the bytes sent.
  t.equal(violations.length, 2)
  t.match(violations, [
    { operationId: 'createTicket', method: 'POST', status: 200, message: /status 200 handler's value \/status must be equal to one of the allowed values/ },
    { operationId: 'createTicket', method: 'POST', status: 200, message: /status 200 body \/status must be equal to one of the allowed values/ },
  ])
})

t.test('contract mode reports a status the operation does not document', async (t) => {
  const { app, violations } = await driftedSandbox(t, true)
  const res = await app.inject({ url: '/api/v1/customers/999999999999/profiles', headers: WM_HEADERS })
  t.equal(res.statusCode, 404, 'the response itself still goes out')
  t.match(violations, [{ status: 404, message: 'status 404 is not documented for getCustomerProfiles' }])
})

t.test('without contract mode nothing is checked', async (t) => {
  const { app, violations } = await driftedSandbox(t, false)
  const res = await app.inject({ url: '/api/v1/customers/104127993008/profiles', headers: WM_HEADERS })
  t.equal(res.statusCode, 200)
  t.same(violations, [])
})
