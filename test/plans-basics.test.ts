import t from 'tap'
import { WM_HEADERS, basic, sandbox, type TestSandbox } from './helpers.js'

const ADMIN = { 'x-sandbox-admin-token': 'test-admin-token' }
const PROFILES = '/api/v1/customers/104127993008/profiles'
const OTHER = { ...WM_HEADERS, authorization: basic('ocsuser2', 'ocsuser2') }

async function plan (s: TestSandbox, body: unknown, headers: Record<string, string> = WM_HEADERS, query = 'api=wm') {
  return s.app.inject({ method: 'POST', url: `/__sandbox/plans?${query}`, headers, payload: body as Record<string, unknown> })
}

t.test('a plan answers the next two calls with 500 in WM\'s envelope, then the call is served again', async (t) => {
  const s = await sandbox(t)
  const made = await plan(s, { match: { operation: 'getCustomerProfiles' }, act: { status: 500 }, when: { times: 2 } })
  t.equal(made.statusCode, 201)
  t.match(made.json(), {
    id: 'plan-1', seq: 1, tenant: 'wm:ocsuser',
    match: { api: 'wm', operation: 'getCustomerProfiles', method: 'GET', path: '/api/v1/customers/{customerId}/profiles', predicates: [] },
    act: { status: 500 }, when: { times: 2 }, remaining: 2,
  })
  for (let i = 0; i < 2; i++) {
    const res = await s.inject({ url: PROFILES, headers: WM_HEADERS })
    t.equal(res.statusCode, 500, `call ${i + 1} answered by the plan`)
    t.same(res.json(), { error: { code: '500', message: 'Service Error', errors: [{ message: 'status 500 answered by the sandbox plan plan-1' }] }, request_tracking_id: '12345' })
  }
  const third = await s.inject({ url: PROFILES, headers: WM_HEADERS })
  t.equal(third.statusCode, 200, 'the plan is used up')
  t.match(third.json(), { profiles: Array })
  const list = await s.app.inject({ url: '/__sandbox/plans?api=wm', headers: WM_HEADERS })
  t.equal(list.statusCode, 200)
  t.same(list.json(), { tenant: 'wm:ocsuser', count: 0, plans: [] }, 'a used-up plan is gone')
})

t.test('the journal marks every answer a plan produced, and only those', async (t) => {
  const s = await sandbox(t)
  await plan(s, { match: { operation: 'getCustomerProfiles' }, act: { status: 404 }, when: { times: 1 } })
  await s.inject({ url: PROFILES, headers: WM_HEADERS })
  await s.inject({ url: PROFILES, headers: WM_HEADERS })
  const journal = (await s.app.inject({ url: '/__sandbox/requests?api=wm', headers: WM_HEADERS })).json()
  t.match(journal.requests, [
    { operation: 'getCustomerProfiles', status: 404, plan: 'plan-1' },
    { operation: 'getCustomerProfiles', status: 200, plan: null },
  ])
})

t.test('a tenant lists only its own plans; the admin names the tenant', async (t) => {
  const s = await sandbox(t, { adminToken: 'test-admin-token' })
  t.equal((await plan(s, { match: { operation: 'getCustomerProfiles' }, act: { status: 500 } })).statusCode, 201)
  t.equal((await plan(s, { match: { operation: 'getCustomerProfiles' }, act: { status: 404 } }, OTHER)).statusCode, 201)
  const mine = (await s.app.inject({ url: '/__sandbox/plans?api=wm', headers: WM_HEADERS })).json()
  t.match(mine, { tenant: 'wm:ocsuser', count: 1, plans: [{ id: 'plan-1', act: { status: 500 } }] })
  const theirs = (await s.app.inject({ url: '/__sandbox/plans?api=wm', headers: OTHER })).json()
  t.match(theirs, { tenant: 'wm:ocsuser2', count: 1, plans: [{ id: 'plan-1', act: { status: 404 } }] })
  t.equal((await s.inject({ url: PROFILES, headers: WM_HEADERS })).statusCode, 500)
  t.equal((await s.inject({ url: PROFILES, headers: OTHER })).statusCode, 404)
  const admin = await s.app.inject({ url: '/__sandbox/plans?tenant=wm:ocsuser2', headers: ADMIN })
  t.equal(admin.statusCode, 200)
  t.match(admin.json(), { tenant: 'wm:ocsuser2', count: 1, plans: [{ act: { status: 404 } }] })
  const snooping = await s.app.inject({ url: '/__sandbox/plans?api=wm&tenant=wm:ocsuser2', headers: WM_HEADERS })
  t.equal(snooping.statusCode, 403)
  t.same(snooping.json(), { problem: 'forbidden', title: 'Forbidden', message: 'query parameter \'tenant\' names "wm:ocsuser2", but these credentials select "wm:ocsuser"; another tenant\'s plans need the admin token' })
  const noTenant = await s.app.inject({ url: '/__sandbox/plans', headers: ADMIN })
  t.equal(noTenant.statusCode, 400)
  t.same(noTenant.json(), { problem: 'missing-parameter', title: 'Bad Request', message: 'query parameter \'tenant\' ("<api>:<tenant>", as the journal shows it) is required with the admin token' })
})

t.test('plans are deleted one by one or all at once; the newest plan is tried first', async (t) => {
  const s = await sandbox(t)
  await plan(s, { match: { operation: 'getCustomerProfiles' }, act: { status: 500 } })
  await plan(s, { match: { operation: 'getCustomerProfiles' }, act: { status: 404 } })
  t.equal((await s.inject({ url: PROFILES, headers: WM_HEADERS })).statusCode, 404, 'the most recent plan answers')
  const one = await s.app.inject({ method: 'DELETE', url: '/__sandbox/plans/plan-2?api=wm', headers: WM_HEADERS })
  t.equal(one.statusCode, 200)
  t.same(one.json(), { deleted: ['plan-2'] })
  t.equal((await s.inject({ url: PROFILES, headers: WM_HEADERS })).statusCode, 500, 'then the older one')
  const again = await s.app.inject({ method: 'DELETE', url: '/__sandbox/plans/plan-2?api=wm', headers: WM_HEADERS })
  t.equal(again.statusCode, 404)
  t.same(again.json(), { problem: 'not-found', title: 'Not Found', message: 'plan \'plan-2\' is not a plan of tenant "wm:ocsuser" (unknown, deleted or used up)' })
  await plan(s, { match: { operation: 'createTicket' }, act: { status: 500 } })
  const all = await s.app.inject({ method: 'DELETE', url: '/__sandbox/plans?api=wm', headers: WM_HEADERS })
  t.equal(all.statusCode, 200)
  t.same(all.json().deleted.sort(), ['plan-1', 'plan-3'])
  t.equal((await s.inject({ url: PROFILES, headers: WM_HEADERS })).statusCode, 200, 'normal behaviour again')
})

t.test('Prefer and magic values come before plans; a plan not used by them keeps its uses', async (t) => {
  const s = await sandbox(t)
  await plan(s, { match: { operation: 'getCustomerProfiles' }, act: { status: 500 }, when: { times: 1 } })
  const preferred = await s.inject({ url: PROFILES, headers: { ...WM_HEADERS, prefer: 'code=404' } })
  t.equal(preferred.statusCode, 404, 'Prefer wins')
  t.match(preferred.json(), { error: { code: '404', errors: [{ message: 'forced by Prefer: code=404' }] } })
  const list = (await s.app.inject({ url: '/__sandbox/plans?api=wm', headers: WM_HEADERS })).json()
  t.match(list.plans, [{ id: 'plan-1', remaining: 1 }], 'the plan was not used')
  const planned = await s.inject({ url: PROFILES, headers: WM_HEADERS })
  t.equal(planned.statusCode, 500)
})

t.test('predicates: header equality, query pattern, path equality, body pointer', async (t) => {
  const s = await sandbox(t)
  await plan(s, {
    match: { operation: 'getCustomerProfiles', predicates: [{ in: 'header', name: 'X-Test-Case', equals: 'outage' }, { in: 'path', name: 'customerId', equals: '104127993008' }] },
    act: { status: 500 },
  })
  t.equal((await s.inject({ url: PROFILES, headers: WM_HEADERS })).statusCode, 200, 'no header: no match')
  t.equal((await s.inject({ url: PROFILES, headers: { ...WM_HEADERS, 'x-test-case': 'other' } })).statusCode, 200, 'another value: no match')
  t.equal((await s.inject({ url: PROFILES, headers: { ...WM_HEADERS, 'x-test-case': 'outage' } })).statusCode, 500, 'header and path match')
  t.equal((await s.inject({ url: '/api/v1/customers/999/profiles', headers: { ...WM_HEADERS, 'x-test-case': 'outage' } })).statusCode, 404, 'another customer: no match (its own 404)')
  await plan(s, {
    match: { operation: 'createTicket', predicates: [{ in: 'body', pointer: '/service/code', equals: '6FL' }, { in: 'body', pointer: '/reason_code', matches: '^R.S$' }] },
    act: { status: 500 },
  })
  const TICKETS = '/api/v1/customers/156714543005/tickets'
  const hit = await s.inject({ method: 'POST', url: TICKETS, headers: WM_HEADERS, payload: { reason_code: 'RES', service: { id: 1, code: '6FL' } } })
  t.equal(hit.statusCode, 500)
  t.match(hit.json(), { error: { code: '500', errors: [{ message: 'status 500 answered by the sandbox plan plan-2' }] } })
  const miss = await s.inject({ method: 'POST', url: TICKETS, headers: WM_HEADERS, payload: { reason_code: 'RES', service: { id: 1, code: '7FL' } } })
  t.not(miss.statusCode, 500, 'another body value: served as usual')
})

t.test('each API\'s playground document offers the plan routes, and its example plan is accepted', async (t) => {
  const s = await sandbox(t)
  const { bearer } = await import('./asseco-helpers.js')
  const control: Record<string, Record<string, string>> = {
    wm: WM_HEADERS,
    imiconnect: { key: 'imi-sandbox-key' },
    simpro: { authorization: 'Bearer simpro-sandbox-token' },
    asseco: await bearer(s),
    citi: { authorization: basic('citi-sandbox-client', 'citi-sandbox-secret') },
  }
  for (const [api, headers] of Object.entries(control)) {
    const doc = JSON.parse((await s.app.inject({ url: `/docs/${api}/openapi.json` })).body)
    const paths = doc.paths['/__sandbox/plans']
    t.match(paths.get, { tags: ['Sandbox: runtime plans'], parameters: [{ name: 'api', in: 'query', schema: { enum: [api] } }] }, `${api}: GET /__sandbox/plans is there to try`)
    t.ok(doc.tags.some((tag: { name: string }) => tag.name === 'Sandbox: runtime plans'), `${api}: the tag is described`)
    const example = paths.post.requestBody.content['application/json'].example
    const made = await s.app.inject({ method: 'POST', url: `/__sandbox/plans?api=${api}`, headers, payload: example })
    t.equal(made.statusCode, 201, `${api}: the playground's example plan is accepted${made.statusCode === 201 ? '' : `: ${made.body}`}`)
    const listed = await s.app.inject({ url: `/__sandbox/plans?api=${api}`, headers })
    t.match(listed.json(), { count: 1, plans: [{ note: 'fails once', match: { api, operation: example.match.operation } }] })
  }
})

t.test('a plan names its operation by method and path template, and matches the query as sent', async (t) => {
  const s = await sandbox(t)
  const KEY = { key: 'imi-sandbox-key' }
  const made = await s.app.inject({
    method: 'POST', url: '/__sandbox/plans?api=imiconnect', headers: KEY,
    payload: { match: { method: 'get', path: '/resources/v1/customerprofile/{customerid}', predicates: [{ in: 'query', name: 'showinwardlinks', equals: 1 }] }, act: { status: 404 } },
  })
  t.equal(made.statusCode, 201)
  t.match(made.json(), { match: { api: 'imiconnect', operation: 'getCustomerProfile', method: 'GET', path: '/resources/v1/customerprofile/{customerid}', predicates: [{ in: 'query', name: 'showinwardlinks', equals: 1 }] } })
  const hit = await s.inject({ url: '/resources/v1/customerprofile/4545?showinwardlinks=1', headers: KEY })
  t.equal(hit.statusCode, 404)
  t.match(hit.json(), { Status: 1, Description: 'Customer not found: status 404 answered by the sandbox plan plan-1', code: '7203' })
  const miss = await s.inject({ url: '/resources/v1/customerprofile/4545?showinwardlinks=0', headers: KEY })
  t.equal(miss.statusCode, 200)
  t.match(miss.json(), { Status: 0, Records: [{ Attributes: Array }] })
})
