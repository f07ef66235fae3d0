// Plans on the PostgreSQL engine are shared by every server on the database, as all tenant data:
// a plan made on one answers on the other, a counted plan's uses are taken in one transaction
// across servers (concurrent calls through both never share its last uses), a delete on one is
// seen by the other. Then the basic plan tests run again with every sandbox on PostgreSQL.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { WM_HEADERS } from './helpers.js'
import { pool, serve } from './http-helpers.js'
import { freshDatabase, serverUrl } from './postgres/pg-helpers.js'

t.setTimeout(600_000)

const PROFILES = '/api/v1/customers/104127993008/profiles'
const PLAN = { match: { operation: 'getCustomerProfiles' }, act: { status: 500 } }

t.test('two servers on one database share a tenant\'s plans and its counted uses', async (t) => {
  const { url: store } = await freshDatabase(t)
  const a = await serve(t, { store })
  const b = await serve(t, { store })

  const made = await a.call('POST', '/__sandbox/plans?api=wm', { headers: WM_HEADERS, body: { ...PLAN, when: { times: 9 } } })
  t.equal(made.status, 201)
  const onB = await b.call('GET', PROFILES, { headers: WM_HEADERS })
  t.equal(onB.status, 500, 'a plan made on A answers on B at once')
  t.match(onB.body, { error: { code: '500', errors: [{ message: 'status 500 answered by the sandbox plan plan-1' }] } })
  const listedOnB = await b.call('GET', '/__sandbox/plans?api=wm', { headers: WM_HEADERS })
  t.match(listedOnB.body, { count: 1, plans: [{ id: 'plan-1', remaining: 8 }] })

  const answers = await pool(60, 16, (i) => (i % 2 === 0 ? a : b).call('GET', PROFILES, { headers: WM_HEADERS }))
  t.equal(answers.filter((x) => x.status === 500).length, 8, 'the eight uses left, taken once each across both servers')
  t.equal(answers.filter((x) => x.status === 200).length, 52)
  const gone = await a.call('GET', '/__sandbox/plans?api=wm', { headers: WM_HEADERS })
  t.same(gone.body, { tenant: 'wm:ocsuser', count: 0, plans: [] })

  await b.call('POST', '/__sandbox/plans?api=wm', { headers: WM_HEADERS, body: PLAN })
  t.equal((await a.call('GET', PROFILES, { headers: WM_HEADERS })).status, 500, 'a plan made on B answers on A')
  const deleted = await a.call('DELETE', '/__sandbox/plans/plan-2?api=wm', { headers: WM_HEADERS })
  t.same(deleted.body, { deleted: ['plan-2'] })
  const served = await b.call('GET', PROFILES, { headers: WM_HEADERS })
  t.equal(served.status, 200, 'deleted on A: B serves as usual')
  t.match(served.body, { profiles: Array })

  const journal = await b.call('GET', '/__sandbox/requests?api=wm&operation=getCustomerProfiles', { headers: WM_HEADERS })
  const marks = (journal.body as { requests: Array<{ plan: string | null }> }).requests.map((r) => r.plan)
  t.equal(marks.filter((p) => p === 'plan-1').length, 9, 'the shared journal marks every answer of plan-1, from both servers')
  t.equal(marks.filter((p) => p === 'plan-2').length, 1)
})

t.test('a seeded probability plan follows one sequence across two servers', async (t) => {
  const { url: store } = await freshDatabase(t)
  const a = await serve(t, { store })
  const b = await serve(t, { store })
  const body = { ...PLAN, when: { probability: 0.5, seed: 99 } }
  const run = async (): Promise<number[]> => {
    await a.call('DELETE', '/__sandbox/plans?api=wm', { headers: WM_HEADERS })
    await a.call('POST', '/__sandbox/plans?api=wm', { headers: WM_HEADERS, body })
    const out: number[] = []
    for (let i = 0; i < 20; i++) out.push((await (i % 2 === 0 ? a : b).call('GET', PROFILES, { headers: WM_HEADERS })).status)
    return out
  }
  const first = await run()
  t.ok(first.includes(500) && first.includes(200), `both outcomes drawn: ${first.join(' ')}`)
  t.same(await run(), first, 'the same seed, the same sequence, whichever server draws')
})

for (const file of ['plans-basics.test.ts', 'plans-when.test.ts']) {
  t.test(`test/${file} passes with its sandboxes on PostgreSQL`, async (t) => {
    const path = fileURLToPath(new URL(`./${file}`, import.meta.url))
    const child = spawn(process.execPath, [...process.execArgv, path], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SANDBOX_TEST_STORE: serverUrl('postgres'), TAP_REPORTER: 'tap' } })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString() })
    child.stderr.on('data', (chunk: Buffer) => { out += chunk.toString() })
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    t.same(out.split('\n').filter((line) => /^\s*not ok /.test(line)), [], 'no failing assertion')
    t.equal(code, 0, `exit code 0${code === 0 ? '' : `: ${out.slice(-2000)}`}`)
    t.match(out, /^# \{ total: \d+, pass: \d+ \}$|^ok \d+/m, 'the file ran its tests')
  })
}
