import t from 'tap'
import { WM_HEADERS, sandbox } from './helpers.js'

// Every bad plan is refused in the control routes' envelope, with a message naming the field;
// nothing of it is kept. And the bounds (flags) hold.

const OP = { operation: 'getCustomerProfiles' }
const bad = (message: string) => ({ problem: 'invalid-body', title: 'Bad Request', message })

const refusals: Array<{ name: string, plan: unknown, status?: number, body: unknown }> = [
  {
    name: 'a status the operation does not document',
    plan: { match: OP, act: { status: 418 } },
    body: bad("body field '/act/status' 418 is not documented for wm getCustomerProfiles; documented: 200, 400, 401, 404, 500"),
  },
  {
    name: 'an unknown operation',
    plan: { match: { operation: 'getEverything' }, act: { status: 500 } },
    body: bad("body field '/match/operation' names no operation of wm; its operations: getCustomerProfiles, createTicket"),
  },
  {
    name: 'no operation at all',
    plan: { match: {}, act: { status: 500 } },
    body: bad("body field '/match/operation' is required (an operationId), or '/match/method' with '/match/path' (the spec's path template)"),
  },
  {
    name: 'a method on a path that does not document it',
    plan: { match: { method: 'DELETE', path: '/api/v1/customers/{customerId}/profiles' }, act: { status: 500 } },
    body: bad("body field '/match/method' DELETE is not documented on /api/v1/customers/{customerId}/profiles; documented: GET"),
  },
  {
    name: 'a path that is not a template of the API',
    plan: { match: { method: 'GET', path: '/api/v1/customers/42/profiles' }, act: { status: 500 } },
    body: bad("body field '/match/path' \"/api/v1/customers/42/profiles\" is not a path template of wm; its paths: /api/v1/customers/{customerId}/profiles, /api/v1/customers/{customerId}/tickets"),
  },
  {
    name: 'both an operation and a path',
    plan: { match: { ...OP, method: 'GET', path: '/x' }, act: { status: 500 } },
    body: bad("body field '/match/method' must not be given with '/match/operation' (name the operation one way)"),
  },
  {
    name: 'another API than the tenant\'s',
    plan: { match: { api: 'citi', ...OP }, act: { status: 500 } },
    body: bad("body field '/match/api' is \"citi\", but the plan is for tenant \"wm:ocsuser\" of wm (a tenant's plans are for its own API)"),
  },
  { name: 'no match', plan: { act: { status: 500 } }, body: bad("body field '/match' is required") },
  { name: 'an unknown field', plan: { match: OP, act: { status: 500, colour: 'red' } }, body: bad("body field '/act/colour' is not a known field") },
  {
    name: 'an act that does nothing',
    plan: { match: OP, act: {} },
    body: bad("body field '/act' must say what the plan does: 'status' (a documented status), 'example', 'fault' (reset, empty, malformed) or 'delay' (alone: the call is served after it)"),
  },
  { name: 'an unknown fault', plan: { match: OP, act: { fault: 'fire' } }, body: bad("body field '/act/fault' must be one of: \"reset\", \"empty\", \"malformed\"") },
  { name: 'a fault with a status', plan: { match: OP, act: { fault: 'reset', status: 500 } }, body: bad("body field '/act/status' must not be given with '/act/fault' (a fault sends no answer of the spec)") },
  {
    name: 'an unknown example',
    plan: { match: OP, act: { example: 'nope' } },
    body: bad("body field '/act/example' \"nope\" is not a documented example of getCustomerProfiles; documented: seed (200), default (400), default (401), default (404), default (500)"),
  },
  { name: 'a body and an example', plan: { match: OP, act: { status: 200, example: 'seed', body: {} } }, body: bad("body field '/act/body' must not be given with '/act/example' (the example is the body)") },
  { name: 'a body without a status', plan: { match: OP, act: { body: { profiles: [] } } }, body: bad("body field '/act/status' is required with '/act/body' (the body is checked against that status's documented schema)") },
  {
    name: 'a body the spec does not allow',
    plan: { match: OP, act: { status: 200, body: { profiles: 'none' } } },
    body: bad("body field '/act/body/profiles' must be array (the body must match getCustomerProfiles's documented 200 response)"),
  },
  {
    name: 'a body missing a required field',
    plan: { match: OP, act: { status: 200, body: {} } },
    body: bad("body field '/act/body' must have required property 'profiles' (the body must match getCustomerProfiles's documented 200 response)"),
  },
  { name: 'a delay past the maximum', plan: { match: OP, act: { delay: 30_001 } }, body: bad("body field '/act/delay' is 30001 ms; a plan may delay at most 30000 ms (--plan-delay-max)") },
  { name: 'a delay range upside down', plan: { match: OP, act: { delay: { min: 500, max: 100 } } }, body: bad("body field '/act/delay/min' (500) must not be more than '/act/delay/max' (100)") },
  { name: 'a negative delay', plan: { match: OP, act: { delay: -5 } }, body: bad("body field '/act/delay' must be >= 0") },
  { name: 'a seed without a probability', plan: { match: OP, act: { status: 500 }, when: { seed: 4 } }, body: bad("body field '/when/seed' seeds the draws of '/when/probability', which is not given") },
  { name: 'a probability of 0', plan: { match: OP, act: { status: 500 }, when: { probability: 0 } }, body: bad("body field '/when/probability' must be > 0") },
  { name: 'zero times', plan: { match: OP, act: { status: 500 }, when: { times: 0 } }, body: bad("body field '/when/times' must be >= 1") },
  { name: 'an expiry in the past', plan: { match: OP, act: { status: 500 }, when: { expiresAt: '2001-01-01T00:00:00Z' } }, body: { problem: 'invalid-body', title: 'Bad Request', message: /^body field '\/when\/expiresAt' \(2001-01-01T00:00:00Z\) is not in the future \(the sandbox's clock says / } },
  { name: 'two expiries', plan: { match: OP, act: { status: 500 }, when: { expiresAt: '2999-01-01T00:00:00Z', expiresIn: 5 } }, body: bad("body field '/when/expiresIn' must not be given with '/when/expiresAt' (one expiry)") },
  { name: 'a predicate without a name', plan: { match: { ...OP, predicates: [{ in: 'header', equals: 'x' }] }, act: { status: 500 } }, body: bad("body field '/match/predicates/0/name' is required for a header predicate") },
  { name: 'a body predicate with a name', plan: { match: { ...OP, predicates: [{ in: 'body', name: 'x', equals: 'x' }] }, act: { status: 500 } }, body: bad("body field '/match/predicates/0/name' is for headers, query and path parameters; a body predicate names its field with 'pointer' (a JSON pointer)") },
  { name: 'a pointer that is not one', plan: { match: { ...OP, predicates: [{ in: 'body', pointer: 'email', equals: 'x' }] }, act: { status: 500 } }, body: bad("body field '/match/predicates/0/pointer' must be a JSON pointer: \"\" or starting with \"/\", not \"email\"") },
  { name: 'a predicate with neither equals nor matches', plan: { match: { ...OP, predicates: [{ in: 'query', name: 'q' }] }, act: { status: 500 } }, body: bad("body field '/match/predicates/0/equals' or '/matches' is required (one of them)") },
  { name: 'a predicate with both', plan: { match: { ...OP, predicates: [{ in: 'query', name: 'q', equals: 'a', matches: 'a' }] }, act: { status: 500 } }, body: bad("body field '/match/predicates/0/equals' or '/matches' is required (one of them)") },
  { name: 'an object to compare a header with', plan: { match: { ...OP, predicates: [{ in: 'header', name: 'x', equals: { a: 1 } }] }, act: { status: 500 } }, body: bad("body field '/match/predicates/0/equals' must be a string, number or boolean for a header predicate (compared as text)") },
  { name: 'an unknown path parameter', plan: { match: { ...OP, predicates: [{ in: 'path', name: 'id', equals: '1' }] }, act: { status: 500 } }, body: bad("body field '/match/predicates/0/name' \"id\" is not a path parameter of getCustomerProfiles; its path parameters: customerId") },
  {
    name: 'a look-around (not linear-time)',
    plan: { match: { ...OP, predicates: [{ in: 'header', name: 'x', matches: '(?=a)a' }] }, act: { status: 500 } },
    body: bad("body field '/match/predicates/0/matches' is not a pattern the sandbox runs (RE2 syntax: no back-references or look-arounds): error parsing regexp: invalid or unsupported Perl syntax: `(?=`"),
  },
  {
    name: 'a back-reference',
    plan: { match: { ...OP, predicates: [{ in: 'header', name: 'x', matches: '(a)\\1' }] }, act: { status: 500 } },
    body: bad("body field '/match/predicates/0/matches' is not a pattern the sandbox runs (RE2 syntax: no back-references or look-arounds): error parsing regexp: invalid escape sequence: `\\1`"),
  },
  { name: 'a pattern past the bound', plan: { match: { ...OP, predicates: [{ in: 'header', name: 'x', matches: 'a'.repeat(257) }] }, act: { status: 500 } }, body: bad("body field '/match/predicates/0/matches' is 257 characters; a pattern may have at most 256 (--plan-pattern-length)") },
  {
    name: 'more predicates than the bound',
    plan: { match: { ...OP, predicates: Array.from({ length: 17 }, () => ({ in: 'header', name: 'x', equals: 'y' })) }, act: { status: 500 } },
    body: bad("body field '/match/predicates' has 17 predicates; a plan may have at most 16 (--plan-predicates)"),
  },
]

for (const c of refusals) {
  t.test(`a plan with ${c.name} is refused`, async (t) => {
    const s = await sandbox(t)
    const res = await s.app.inject({ method: 'POST', url: '/__sandbox/plans?api=wm', headers: WM_HEADERS, payload: c.plan as Record<string, unknown> })
    t.equal(res.statusCode, c.status ?? 400)
    t.match(res.json(), c.body)
    if (typeof c.body === 'object' && c.body !== null && typeof (c.body as { message: unknown }).message === 'string') t.same(res.json(), c.body, 'the whole envelope')
    const list = await s.app.inject({ url: '/__sandbox/plans?api=wm', headers: WM_HEADERS })
    t.same(list.json(), { tenant: 'wm:ocsuser', count: 0, plans: [] }, 'nothing kept')
  })
}

t.test('a body that is not JSON is refused in the control envelope', async (t) => {
  const s = await sandbox(t)
  const res = await s.app.inject({ method: 'POST', url: '/__sandbox/plans?api=wm', headers: { ...WM_HEADERS, 'content-type': 'application/json' }, payload: '{"match":' })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { problem: 'malformed-json', title: 'Bad Request', message: String })
})

t.test('plans need the tenant\'s credential', async (t) => {
  const s = await sandbox(t)
  const res = await s.app.inject({ method: 'POST', url: '/__sandbox/plans?api=wm', headers: { authorization: 'Basic bm9ib2R5Om5vcGU=' }, payload: { match: OP, act: { status: 500 } } })
  t.equal(res.statusCode, 401)
  t.match(res.json(), { problem: 'bad-credentials', title: 'Unauthorized', message: String })
  const none = await s.app.inject({ url: '/__sandbox/plans' })
  t.equal(none.statusCode, 400)
  t.match(none.json(), { problem: 'missing-parameter', message: /query parameter 'api' is required/ })
})

t.test('a tenant holds at most --plans-per-tenant plans; another tenant is not counted', async (t) => {
  const s = await sandbox(t, { plansPerTenant: 2 })
  const make = (headers: Record<string, string>) => s.app.inject({ method: 'POST', url: '/__sandbox/plans?api=wm', headers, payload: { match: OP, act: { status: 500 } } })
  t.equal((await make(WM_HEADERS)).statusCode, 201)
  t.equal((await make(WM_HEADERS)).statusCode, 201)
  const third = await make(WM_HEADERS)
  t.equal(third.statusCode, 409)
  t.same(third.json(), { problem: 'conflict', title: 'Conflict', message: 'tenant "wm:ocsuser" has 2 plans, the most one tenant may hold (--plans-per-tenant); delete some first' })
  t.equal((await make({ ...WM_HEADERS, authorization: 'Basic b2NzdXNlcjI6b2NzdXNlcjI=' })).statusCode, 201, 'another tenant has its own allowance')
  await s.app.inject({ method: 'DELETE', url: '/__sandbox/plans/plan-1?api=wm', headers: WM_HEADERS })
  t.equal((await make(WM_HEADERS)).statusCode, 201, 'room again after a delete')
})

t.test('the bounds are flags: a longer delay, more predicates, a longer pattern when allowed', async (t) => {
  const s = await sandbox(t, { planDelayMax: 60_000, planPredicates: 20, planPatternLength: 300 })
  const res = await s.app.inject({
    method: 'POST', url: '/__sandbox/plans?api=wm', headers: WM_HEADERS,
    payload: { match: { ...OP, predicates: [...Array.from({ length: 19 }, () => ({ in: 'header', name: 'x', equals: 'y' })), { in: 'header', name: 'x', matches: 'a'.repeat(300) }] }, act: { delay: 45_000 } },
  })
  t.equal(res.statusCode, 201)
  t.match(res.json(), { act: { delay: 45_000 } })
})

t.test('a value longer than --plan-match-length never matches a pattern', async (t) => {
  const s = await sandbox(t, { planMatchLength: 10 })
  await s.app.inject({ method: 'POST', url: '/__sandbox/plans?api=wm', headers: WM_HEADERS, payload: { match: { ...OP, predicates: [{ in: 'header', name: 'x-case', matches: '^a+$' }] }, act: { status: 500 } } })
  const short = await s.inject({ url: '/api/v1/customers/104127993008/profiles', headers: { ...WM_HEADERS, 'x-case': 'a'.repeat(10) } })
  t.equal(short.statusCode, 500)
  t.match(short.json(), { error: { code: '500' } })
  const long = await s.inject({ url: '/api/v1/customers/104127993008/profiles', headers: { ...WM_HEADERS, 'x-case': 'a'.repeat(11) } })
  t.equal(long.statusCode, 200)
  t.match(long.json(), { profiles: Array })
})

t.test('--plans-per-tenant 0 turns plans off', async (t) => {
  const s = await sandbox(t, { plansPerTenant: 0 })
  const res = await s.app.inject({ method: 'POST', url: '/__sandbox/plans?api=wm', headers: WM_HEADERS, payload: { match: OP, act: { status: 500 } } })
  t.equal(res.statusCode, 403)
  t.same(res.json(), { problem: 'forbidden', title: 'Forbidden', message: 'runtime plans are turned off on this sandbox (--plans-per-tenant 0)' })
})
