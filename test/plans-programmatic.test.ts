import t from 'tap'
import { SandboxRequestError, startSandbox } from '../src/index.js'
import { WM_HEADERS } from './helpers.js'

// The programmatic API's plan helpers: by a tenant's id (admin token) or by its credentials.

const PROFILES = '/api/v1/customers/104127993008/profiles'

t.test('startSandbox(): addPlan, plans and deletePlans, by tenant id or by credentials', async (t) => {
  const sandbox = await startSandbox()
  t.teardown(() => sandbox.stop())
  const mine = { api: 'wm', headers: WM_HEADERS }
  const made = await sandbox.addPlan(mine, { match: { operation: 'getCustomerProfiles' }, act: { status: 500 }, when: { times: 1 } })
  t.match(made, { id: 'plan-1', tenant: 'wm:ocsuser', act: { status: 500 }, remaining: 1 })
  const other = await sandbox.addPlan('wm:ocsuser2', { match: { operation: 'getCustomerProfiles' }, act: { status: 404 } })
  t.match(other, { id: 'plan-1', tenant: 'wm:ocsuser2' })

  const failed = await fetch(sandbox.url + PROFILES, { headers: WM_HEADERS })
  t.equal(failed.status, 500)
  t.match(await failed.json(), { error: { code: '500', errors: [{ message: 'status 500 answered by the sandbox plan plan-1' }] } })
  t.same(await sandbox.plans(mine), [], 'used up')
  t.match(await sandbox.plans('wm:ocsuser2'), [{ id: 'plan-1', act: { status: 404 } }])
  t.match(await sandbox.journal({ tenant: 'wm:ocsuser' }), [{ status: 500, plan: 'plan-1' }])

  t.same(await sandbox.deletePlans('wm:ocsuser2', 'plan-1'), ['plan-1'])
  await sandbox.addPlan(mine, { match: { operation: 'createTicket' }, act: { delay: 10 } })
  t.same(await sandbox.deletePlans(mine), ['plan-2'])
  const refused = await sandbox.addPlan(mine, { match: { operation: 'getCustomerProfiles' }, act: { status: 418 } }).catch((err: unknown) => err)
  t.type(refused, SandboxRequestError)
  t.equal((refused as SandboxRequestError).status, 400)
  t.same((refused as SandboxRequestError).body, { problem: 'invalid-body', title: 'Bad Request', message: "body field '/act/status' 418 is not documented for wm getCustomerProfiles; documented: 200, 400, 401, 404, 500" })
})
