import t from 'tap'
import { draw } from '../src/engine/plans/step.js'
import { WM_HEADERS, basic, sandbox, type TestSandbox } from './helpers.js'
import { pool, serve } from './http-helpers.js'

// When a plan answers: the next N calls (counted in one transaction per call, so concurrent
// callers never share a use), a seeded probability (the same seed, the same sequence), until
// deleted, or until it expires; and two tenants' plans never meet.

const PROFILES = '/api/v1/customers/104127993008/profiles'
const OTHER = { ...WM_HEADERS, authorization: basic('ocsuser2', 'ocsuser2') }

async function plan (s: TestSandbox, body: unknown, headers: Record<string, string> = WM_HEADERS): Promise<Record<string, unknown>> {
  const res = await s.app.inject({ method: 'POST', url: '/__sandbox/plans?api=wm', headers, payload: body as Record<string, unknown> })
  if (res.statusCode !== 201) throw new Error(`plan refused: ${res.body}`)
  return res.json()
}

const statuses = async (s: TestSandbox, n: number): Promise<number[]> => {
  const out: number[] = []
  for (let i = 0; i < n; i++) out.push((await s.inject({ url: PROFILES, headers: WM_HEADERS })).statusCode)
  return out
}

t.test('draws are uniform-looking and repeatable: the same seed gives the same sequence', async (t) => {
  const a = Array.from({ length: 1000 }, (_, i) => draw(42, i))
  t.same(a, Array.from({ length: 1000 }, (_, i) => draw(42, i)))
  t.not(JSON.stringify(a), JSON.stringify(Array.from({ length: 1000 }, (_, i) => draw(43, i))), 'another seed, another sequence')
  t.ok(a.every((x) => x >= 0 && x < 1))
  const below = a.filter((x) => x < 0.3).length
  t.ok(below > 240 && below < 360, `about 30% below 0.3 (${below} of 1000)`)
})

t.test('a seeded probability plan answers the same calls twice over', async (t) => {
  const s = await sandbox(t)
  const made = await plan(s, { match: { operation: 'getCustomerProfiles' }, act: { status: 500 }, when: { probability: 0.5, seed: 7 } })
  t.match(made, { when: { probability: 0.5, seed: 7 }, draws: 0 })
  const first = await statuses(s, 30)
  const expected = Array.from({ length: 30 }, (_, i) => (draw(7, i) < 0.5 ? 500 : 200))
  t.same(first, expected, 'the plan follows its seed\'s sequence')
  t.ok(first.includes(500) && first.includes(200), 'some calls planned, some served')
  const listed = (await s.app.inject({ url: '/__sandbox/plans?api=wm', headers: WM_HEADERS })).json()
  t.match(listed.plans, [{ id: 'plan-1', draws: 30 }])
  await s.app.inject({ method: 'DELETE', url: '/__sandbox/plans?api=wm', headers: WM_HEADERS })
  await plan(s, { match: { operation: 'getCustomerProfiles' }, act: { status: 500 }, when: { probability: 0.5, seed: 7 } })
  t.same(await statuses(s, 30), first, 'the same seed again: the same sequence')
})

t.test('a probability plan without a seed gets one, shown in the list', async (t) => {
  const s = await sandbox(t)
  const made = await plan(s, { match: { operation: 'getCustomerProfiles' }, act: { status: 500 }, when: { probability: 0.25 } })
  t.type((made.when as { seed: unknown }).seed, 'number')
})

t.test('probability and times together: at most N planned answers, drawn by the seed', async (t) => {
  const s = await sandbox(t)
  await plan(s, { match: { operation: 'getCustomerProfiles' }, act: { status: 500 }, when: { probability: 0.5, seed: 11, times: 3 } })
  const got = await statuses(s, 30)
  const expected: number[] = []
  let left = 3
  for (let i = 0; i < 30; i++) {
    const hit = left > 0 && draw(11, i) < 0.5
    if (hit) left--
    expected.push(hit ? 500 : 200)
  }
  t.same(got, expected)
  t.equal(got.filter((x) => x === 500).length, 3)
})

t.test('a plan without a count answers until it is deleted', async (t) => {
  const s = await sandbox(t)
  await plan(s, { match: { operation: 'getCustomerProfiles' }, act: { status: 404 } })
  t.same(await statuses(s, 5), [404, 404, 404, 404, 404])
  await s.app.inject({ method: 'DELETE', url: '/__sandbox/plans/plan-1?api=wm', headers: WM_HEADERS })
  t.same(await statuses(s, 2), [200, 200])
})

t.test('a plan expires: it no longer answers and leaves the list', async (t) => {
  let now = Date.parse('2026-03-01T10:00:00Z')
  const s = await sandbox(t, { clock: () => now })
  const made = await plan(s, { match: { operation: 'getCustomerProfiles' }, act: { status: 500 }, when: { expiresIn: 60 } })
  t.equal((made.when as { expiresAt: string }).expiresAt, '2026-03-01T10:01:00.000Z')
  await plan(s, { match: { operation: 'getCustomerProfiles' }, act: { status: 404 }, when: { expiresAt: '2026-03-01T10:00:30Z', times: 5 } })
  t.same(await statuses(s, 1), [404])
  now += 31_000
  t.same(await statuses(s, 1), [500], 'the newer plan expired: the older one answers')
  now += 30_000
  t.same(await statuses(s, 1), [200], 'both expired')
  const listed = (await s.app.inject({ url: '/__sandbox/plans?api=wm', headers: WM_HEADERS })).json()
  t.same(listed, { tenant: 'wm:ocsuser', count: 0, plans: [] })
})

t.test('concurrent calls over real connections never share a plan\'s last uses', async (t) => {
  const s = await serve(t, { inMemory: true })
  const made = await s.call('POST', '/__sandbox/plans?api=wm', { headers: WM_HEADERS, body: { match: { operation: 'getCustomerProfiles' }, act: { status: 500 }, when: { times: 7 } } })
  t.equal(made.status, 201)
  const answers = await pool(60, 20, () => s.call('GET', PROFILES, { headers: WM_HEADERS }))
  t.equal(answers.filter((a) => a.status === 500).length, 7, 'exactly seven calls answered by the plan')
  t.equal(answers.filter((a) => a.status === 200).length, 53, 'every other call served')
  for (const a of answers.filter((x) => x.status === 500)) t.match(a.body, { error: { code: '500', errors: [{ message: 'status 500 answered by the sandbox plan plan-1' }] } })
  const listed = await s.call('GET', '/__sandbox/plans?api=wm', { headers: WM_HEADERS })
  t.same(listed.body, { tenant: 'wm:ocsuser', count: 0, plans: [] }, 'used up and gone')
  const journal = await s.call('GET', '/__sandbox/requests?api=wm&operation=getCustomerProfiles', { headers: WM_HEADERS })
  t.equal((journal.body as { requests: Array<{ plan: string | null }> }).requests.filter((r) => r.plan === 'plan-1').length, 7, 'seven journal entries marked')
})

t.test('two tenants with conflicting plans, called concurrently over real connections, never see each other\'s', async (t) => {
  const s = await serve(t, { inMemory: true })
  const mine = await s.call('POST', '/__sandbox/plans?api=wm', { headers: WM_HEADERS, body: { match: { operation: 'getCustomerProfiles' }, act: { status: 500 } } })
  const theirs = await s.call('POST', '/__sandbox/plans?api=wm', { headers: OTHER, body: { match: { operation: 'getCustomerProfiles' }, act: { status: 404 }, when: { times: 1000 } } })
  t.equal(mine.status, 201)
  t.equal(theirs.status, 201)
  const answers = await pool(120, 24, (i) => s.call('GET', PROFILES, { headers: i % 2 === 0 ? WM_HEADERS : OTHER }).then((a) => ({ i, a })))
  const wrong = answers.filter(({ i, a }) => a.status !== (i % 2 === 0 ? 500 : 404))
  t.same(wrong.map(({ i, a }) => `${i}: ${a.status}`), [], 'each tenant only ever got its own plan\'s answer')
  t.match(answers.find(({ i }) => i % 2 === 1)!.a.body, { error: { code: '404', errors: [{ message: 'status 404 answered by the sandbox plan plan-1' }] } })
  const left = await s.call('GET', '/__sandbox/plans?api=wm', { headers: OTHER })
  t.match(left.body, { tenant: 'wm:ocsuser2', count: 1, plans: [{ id: 'plan-1', remaining: 940 }] }, 'the other tenant\'s count moved by its own calls only')
})
