import { connect } from 'node:net'
import t from 'tap'
import type { Test } from 'tap'
import { bearer } from './asseco-helpers.js'
import { CLIENT, SECRET, citiHeaders, clientToken } from './citi-helpers.js'
import { UUID, WM_HEADERS, basic, sandbox, type TestSandbox } from './helpers.js'
import { TOKEN } from './simpro-helpers.js'

// Every kind of act on one read operation of each of the five APIs: a status in the API's own
// envelope, a documented example, a given body (checked against the spec), a delay in front of
// the normal answer, and the three faults seen by a real client on a real socket.

interface Case {
  api: string
  operation: string
  url: string
  headers: (t: Test, s: TestSandbox) => Promise<Record<string, string>>
  /** The credential the control routes take, when it is not the operation's own (Citi's client). */
  control?: Record<string, string>
  /** An error status the operation documents, and its body in the API's envelope (message given). */
  error: number
  envelope: (message: string) => unknown
  /** A named example; `named`: its status is given too (the name alone picks the lowest status that has it). */
  example: { name: string, status: number, named?: true, check: (body: unknown) => unknown }
  /** A body that matches the documented success schema. */
  given: unknown
  /** The normal answer's body (to tell a pass-through from a planned answer). */
  normal: (body: unknown) => unknown
}

const cases: Case[] = [
  {
    api: 'wm',
    operation: 'getCustomerProfiles',
    url: '/api/v1/customers/104127993008/profiles',
    headers: async () => WM_HEADERS,
    error: 500,
    envelope: (message) => ({ error: { code: '500', message: 'Service Error', errors: [{ message }] }, request_tracking_id: '12345' }),
    example: { name: 'seed', status: 200, check: () => ({ profiles: [{ id: '104127993008^26984565|E' }] }) },
    given: { profiles: [] },
    normal: () => ({ profiles: [{ id: '104127993008^26984565|E' }] }),
  },
  {
    api: 'imiconnect',
    operation: 'getCustomerProfile',
    url: '/resources/v1/customerprofile/4545?showinwardlinks=0',
    headers: async () => ({ key: 'imi-sandbox-key' }),
    error: 500,
    envelope: (message) => ({ Status: 1, Description: `Internal error: ${message}`, code: '7006', transid: UUID }),
    example: { name: 'seed', status: 200, check: () => ({ Status: 0, Records: [{ Attributes: Array }] }) },
    given: { Status: 0, Description: 'Planned answer', Records: [], code: '1000', transid: '00000000-0000-4000-8000-000000000000' },
    normal: () => ({ Status: 0, Records: [{ Attributes: Array }] }),
  },
  {
    api: 'simpro',
    operation: 'retrieveCustomerProfile',
    url: '/api/v1.0/companies/0/setup/customerProfiles/1',
    headers: async () => TOKEN,
    error: 404,
    envelope: (message) => ({ errors: [{ path: '', message, value: null }] }),
    example: { name: 'gold', status: 200, check: () => ({ ID: Number, Name: String }) },
    given: { ID: 777, Name: 'Planned', Archived: false },
    normal: () => ({ ID: 1 }),
  },
  {
    api: 'asseco',
    operation: 'getContactPreferences',
    url: '/party-profile/individual-profiles/314/contact-preference',
    headers: async (_t, s) => bearer(s),
    error: 500,
    envelope: (message) => ({ problem: 'internal-error', message, details: 'The service failed to process the request.' }),
    example: { name: 'default', status: 404, named: true, check: () => ({ problem: 'not-found', message: String }) },
    given: [],
    normal: () => [{ 'party-id': '314' }],
  },
  {
    api: 'citi',
    operation: 'getCustomerParticulars',
    url: '/v1/customers/profiles/basic',
    headers: async (t, s) => citiHeaders(await clientToken(t, s)),
    control: { authorization: basic(CLIENT, SECRET) },
    error: 500,
    envelope: (message) => ({ type: 'fatal', code: 'serverUnavailable', details: message }),
    example: { name: 'customer1001', status: 200, check: () => ({ customerParticulars: { names: Array } }) },
    given: { customerType: 'PLANNED' },
    normal: () => ({ customerParticulars: Object }),
  },
]

async function makePlan (t: Test, s: TestSandbox, c: Case, headers: Record<string, string>, plan: Record<string, unknown>): Promise<string> {
  const res = await s.app.inject({ method: 'POST', url: `/__sandbox/plans?api=${c.api}`, headers: c.control ?? headers, payload: { match: { operation: c.operation }, ...plan } })
  t.equal(res.statusCode, 201, `plan ${JSON.stringify(plan)} made${res.statusCode === 201 ? '' : `: ${res.body}`}`)
  return res.json().id as string
}

/** One raw HTTP/1.1 request on its own socket: what came back, and how the connection ended. */
function rawCall (port: number, path: string, headers: Record<string, string>): Promise<{ bytes: string, ended: 'reset' | 'closed' }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let bytes = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => { bytes += chunk })
    socket.on('error', (err: NodeJS.ErrnoException) => resolve({ bytes, ended: err.code === 'ECONNRESET' ? 'reset' : 'closed' }))
    socket.on('close', () => resolve({ bytes, ended: 'closed' }))
    const lines = Object.entries({ host: '127.0.0.1', ...headers, connection: 'close' }).map(([k, v]) => `${k}: ${v}`)
    socket.write(`GET ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`)
  })
}

for (const c of cases) {
  t.test(`${c.api} ${c.operation}: a planned status answers in ${c.api}'s own envelope`, async (t) => {
    const s = await sandbox(t)
    const headers = await c.headers(t, s)
    const id = await makePlan(t, s, c, headers, { act: { status: c.error }, when: { times: 1 } })
    const res = await s.inject({ url: c.url, headers })
    t.equal(res.statusCode, c.error)
    t.match(res.json(), c.envelope(`status ${c.error} answered by the sandbox plan ${id}`))
    const after = await s.inject({ url: c.url, headers })
    t.equal(after.statusCode, 200, 'used once, then served as usual')
    t.match(after.json(), c.normal(after.json()))
  })

  t.test(`${c.api} ${c.operation}: a plan answers the spec's example "${c.example.name}"`, async (t) => {
    const s = await sandbox(t)
    const headers = await c.headers(t, s)
    await makePlan(t, s, c, headers, { act: { example: c.example.name, ...(c.example.named ? { status: c.example.status } : {}) } })
    const res = await s.inject({ url: c.url, headers })
    t.equal(res.statusCode, c.example.status)
    t.match(res.json(), c.example.check(res.json()))
  })

  t.test(`${c.api} ${c.operation}: a plan answers a given body, checked against the spec`, async (t) => {
    const s = await sandbox(t)
    const headers = await c.headers(t, s)
    await makePlan(t, s, c, headers, { act: { status: 200, body: c.given } })
    const res = await s.inject({ url: c.url, headers })
    t.equal(res.statusCode, 200)
    t.same(res.json(), c.given)
  })

  t.test(`${c.api} ${c.operation}: a delay alone passes the call through after it; with a status, delays the planned answer`, async (t) => {
    const s = await sandbox(t)
    const headers = await c.headers(t, s)
    const id = await makePlan(t, s, c, headers, { act: { delay: 300 }, when: { times: 1 } })
    let start = performance.now()
    const passed = await s.inject({ url: c.url, headers })
    t.ok(performance.now() - start >= 290, `delayed (${Math.round(performance.now() - start)} ms)`)
    t.equal(passed.statusCode, 200)
    t.match(passed.json(), c.normal(passed.json()), 'the normal answer')
    await makePlan(t, s, c, headers, { act: { status: c.error, delay: { min: 200, max: 250 } }, when: { times: 1 } })
    start = performance.now()
    const delayed = await s.inject({ url: c.url, headers })
    const took = performance.now() - start
    t.ok(took >= 190 && took < 2000, `delayed within the range (${Math.round(took)} ms)`)
    t.equal(delayed.statusCode, c.error)
    const journal = (await s.app.inject({ url: `/__sandbox/requests?api=${c.api}&operation=${c.operation}`, headers: c.control ?? headers })).json()
    t.same(journal.requests.map((r: { plan: string | null }) => r.plan), [id, 'plan-2'], 'both answers are marked with their plan')
  })

  t.test(`${c.api} ${c.operation}: faults seen by a real client: reset, empty reply, malformed body`, async (t) => {
    const s = await sandbox(t)
    await s.app.listen({ port: 0, host: '127.0.0.1' })
    const port = (s.app.server.address() as { port: number }).port
    const headers = await c.headers(t, s)
    const path = c.url
    await makePlan(t, s, c, headers, { act: { fault: 'malformed' }, when: { times: 1 } })
    await makePlan(t, s, c, headers, { act: { fault: 'empty' }, when: { times: 1 } })
    await makePlan(t, s, c, headers, { act: { fault: 'reset' }, when: { times: 1 } })
    const reset = await rawCall(port, path, headers)
    t.same(reset, { bytes: '', ended: 'reset' }, 'reset: the connection is reset, nothing was sent')
    const empty = await rawCall(port, path, headers)
    t.same(empty, { bytes: '', ended: 'closed' }, 'empty: closed without a byte')
    const malformed = await fetch(`http://127.0.0.1:${port}${path}`, { headers })
    t.equal(malformed.status, 200)
    const text = await malformed.text()
    t.ok(text.length > 0, 'some of a body came')
    t.throws(() => JSON.parse(text), SyntaxError, 'cut short: not valid JSON')
    const normal = await fetch(`http://127.0.0.1:${port}${path}`, { headers })
    t.equal(normal.status, 200, 'every fault used once: served as usual')
    t.match(await normal.json(), c.normal(undefined))
    const journal = (await s.app.inject({ url: `/__sandbox/requests?api=${c.api}&operation=${c.operation}`, headers: c.control ?? headers })).json()
    t.same(journal.requests.map((r: { status: number, plan: string | null }) => [r.status, r.plan]), [[0, 'plan-3'], [0, 'plan-2'], [200, 'plan-1'], [200, null]], 'the journal keeps the faults, marked')
  })
}
