// Plans are tenant data on the embedded file engine: an acknowledged plan (and each use it
// counted) survives kill -9 and a restart; a reset of the tenant drops its plans with the rest.
import type { ChildProcess } from 'node:child_process'
import t, { type Test } from 'tap'
import { WM_HEADERS } from './helpers.js'
import { dataFolder, request, serve } from './http-helpers.js'
import { exited, startSandboxProcess, type SandboxProcess } from './process-helpers.js'

// A child process compiles the TypeScript sources as it starts: slow on a busy machine.
t.setTimeout(300_000)

const PROFILES = '/api/v1/customers/104127993008/profiles'

/** The sandbox in a child process on a data folder, killed when the test ends. */
async function start (t: Test, dataDir: string): Promise<SandboxProcess> {
  const child = await startSandboxProcess(['--data-dir', dataDir])
  t.teardown(() => { child.process.kill('SIGKILL') })
  return child
}

async function killed (child: ChildProcess): Promise<void> {
  child.kill('SIGKILL')
  await exited(child)
}

t.test('plans and their counted uses survive kill -9; a pattern plan works in a fresh process', async (t) => {
  const dataDir = await dataFolder(t)
  const first = await start(t, dataDir)
  const counted = await request(first.url, 'POST', '/__sandbox/plans?api=wm', { headers: WM_HEADERS, body: { match: { operation: 'getCustomerProfiles' }, act: { status: 500 }, when: { times: 3 } } })
  t.equal(counted.status, 201)
  const patterned = await request(first.url, 'POST', '/__sandbox/plans?api=wm', {
    headers: WM_HEADERS,
    body: { note: 'outage for test case 7', match: { operation: 'getCustomerProfiles', predicates: [{ in: 'header', name: 'X-Test-Case', matches: '^case-7$' }] }, act: { status: 404 } },
  })
  t.equal(patterned.status, 201)
  const used = await request(first.url, 'GET', PROFILES, { headers: WM_HEADERS })
  t.equal(used.status, 500, 'one use of three taken before the kill')
  t.match(used.body, { error: { code: '500', errors: [{ message: 'status 500 answered by the sandbox plan plan-1' }] } })
  await killed(first.process)

  const second = await start(t, dataDir)
  const listed = await request(second.url, 'GET', '/__sandbox/plans?api=wm', { headers: WM_HEADERS })
  t.equal(listed.status, 200)
  t.match(listed.body, {
    tenant: 'wm:ocsuser',
    count: 2,
    plans: [
      { id: 'plan-2', note: 'outage for test case 7', act: { status: 404 } },
      { id: 'plan-1', act: { status: 500 }, when: { times: 3 }, remaining: 2 },
    ],
  })
  // The first request after the start compiles the stored plans, loading the pattern engine then.
  const matched = await request(second.url, 'GET', PROFILES, { headers: { ...WM_HEADERS, 'x-test-case': 'case-7' } })
  t.equal(matched.status, 404)
  t.match(matched.body, { error: { code: '404', errors: [{ message: 'status 404 answered by the sandbox plan plan-2' }] } })
  const counts = []
  for (let i = 0; i < 3; i++) counts.push((await request(second.url, 'GET', PROFILES, { headers: WM_HEADERS })).status)
  t.same(counts, [500, 500, 200], 'the two uses left, then normal answers')
  await killed(second.process)

  const third = await start(t, dataDir)
  const after = await request(third.url, 'GET', '/__sandbox/plans?api=wm', { headers: WM_HEADERS })
  t.match(after.body, { count: 1, plans: [{ id: 'plan-2' }] }, 'the used-up plan stays gone')
  const fresh = await request(third.url, 'POST', '/__sandbox/plans?api=wm', { headers: WM_HEADERS, body: { match: { operation: 'createTicket' }, act: { status: 500 } } })
  t.match(fresh.body, { id: 'plan-3' }, 'plan numbers go on after a restart')
})

t.test('a reset of the tenant drops its plans with the rest of its data', async (t) => {
  const s = await serve(t, { dataDir: await dataFolder(t) })
  await s.call('POST', '/__sandbox/plans?api=wm', { headers: WM_HEADERS, body: { match: { operation: 'getCustomerProfiles' }, act: { status: 500 } } })
  t.equal((await s.call('GET', PROFILES, { headers: WM_HEADERS })).status, 500)
  const reset = await s.call('POST', '/__sandbox/reset?api=wm', { headers: WM_HEADERS })
  t.same(reset.body, { reset: ['wm:ocsuser'] })
  const listed = await s.call('GET', '/__sandbox/plans?api=wm', { headers: WM_HEADERS })
  t.same(listed.body, { tenant: 'wm:ocsuser', count: 0, plans: [] })
  const served = await s.call('GET', PROFILES, { headers: WM_HEADERS })
  t.equal(served.status, 200)
  t.match(served.body, { profiles: Array })
})
