import t from 'tap'
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WM_HEADERS, basic, sandbox } from './helpers.js'

const PROFILES = '/api/v1/customers/104127993008/profiles'
const TICKETS = '/api/v1/customers/156714543005/tickets'
const SEED_TICKET = {
  customer_id: '156714543005',
  reason_code: 'RES',
  reason: 'Resume Service',
  dispatch_date_time: '2016-03-22T11:50:35.000Z',
  service: { id: 1, code: '6FL', description: '6 Yard FEL' },
  requestor_info: { name: 'TESTMAN1', phone: '9874564566', email: 'abc@wm.com' },
  assigned_to_user: 'CSR1',
}

function wmError (status: number, message: string, text: string, tracking: string | null = '12345'): unknown {
  return {
    error: { code: String(status), message, errors: [{ message: text }] },
    ...(tracking === null ? {} : { request_tracking_id: tracking }),
  }
}

t.test('the seed sample request answers the customer profile as an array', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: PROFILES, headers: WM_HEADERS })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /application\/json/)
  t.same(res.json(), {
    profiles: [{
      id: '104127993008^26984565|E',
      paperless_invoice: true,
      auto_pay: false,
      auto_pay_owner: false,
      registered_code: 'R',
      logon_status: 'S',
      first_name: 'JOHN',
      last_name: 'SMITH',
      email: 'john.smith@example.com',
      last_login_date: '2014-05-21T15:41:52.000-05:00',
    }],
  })
})

t.test('customer ids keep their leading zeros', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: '/api/v1/customers/000010000005008/profiles', headers: WM_HEADERS })
  t.equal(res.statusCode, 200)
  t.same(res.json().profiles.map((p: { id: string }) => p.id), ['000010000005008^10455120|E', '000010000005008^10455121|E'])
})

t.test('the second demo user reads the same base data', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: PROFILES, headers: { ...WM_HEADERS, authorization: basic('ocsuser2', 'ocsuser2') } })
  t.equal(res.statusCode, 200)
  t.equal(res.json().profiles[0].id, '104127993008^26984565|E')
})

const errorCases: Array<{ name: string, url?: string, headers: Record<string, string | undefined>, status: number, title: string, text: string, tracking?: string }> = [
  { name: 'unknown customer id answers 404 in WM\'s envelope', url: '/api/v1/customers/999999999999/profiles', headers: {}, status: 404, title: 'Not Found', text: "customer '999999999999' not found" },
  { name: 'a customer id with letters answers 400 naming customerId', url: '/api/v1/customers/12ab/profiles', headers: {}, status: 400, title: 'Bad Request', text: "path parameter 'customerId' must match pattern \"^[0-9]{1,20}$\"" },
  { name: 'a customer id over 20 digits answers 400', url: `/api/v1/customers/${'1'.repeat(21)}/profiles`, headers: {}, status: 400, title: 'Bad Request', text: "path parameter 'customerId' must match pattern \"^[0-9]{1,20}$\"" },
  { name: 'a missing ProfileId answers 400 naming the header', headers: { profileid: undefined }, status: 400, title: 'Bad Request', text: "header 'ProfileId' is required" },
  { name: 'a malformed ProfileId answers 400 naming the header', headers: { profileid: 'eBiz215' }, status: 400, title: 'Bad Request', text: "header 'ProfileId' must match pattern \"^[A-Za-z]+_[0-9]+$\"" },
  { name: 'a missing Request-Tracking-Id answers 400 without an echo', headers: { 'request-tracking-id': undefined }, status: 400, title: 'Bad Request', text: "header 'Request-Tracking-Id' is required", tracking: '' },
  { name: 'a missing Authorization answers 401', headers: { authorization: undefined }, status: 401, title: 'Unauthorized', text: "header 'Authorization' is required" },
  { name: 'a wrong password answers 401', headers: { authorization: basic('ocsuser', 'nope') }, status: 401, title: 'Unauthorized', text: 'Authorization header does not hold a registered sandbox user and password' },
  { name: 'an unknown user answers 401', headers: { authorization: basic('mallory', 'ocsuser') }, status: 401, title: 'Unauthorized', text: 'Authorization header does not hold a registered sandbox user and password' },
  { name: 'a Bearer scheme answers 401', headers: { authorization: 'Bearer abc' }, status: 401, title: 'Unauthorized', text: 'Authorization header must be "Basic <base64 of user:password>"' },
  { name: 'Basic credentials without a colon answer 401', headers: { authorization: 'Basic ' + Buffer.from('ocsuser').toString('base64') }, status: 401, title: 'Unauthorized', text: 'Authorization header does not hold a registered sandbox user and password' },
  { name: 'the server-error scenario customer answers WM\'s 500', url: '/api/v1/customers/000000000500/profiles', headers: {}, status: 500, title: 'Service Error', text: 'Source not configured' },
]

for (const c of errorCases) {
  t.test(c.name, async (t) => {
    const s = await sandbox(t)
    const headers = { ...WM_HEADERS, ...c.headers }
    for (const [k, v] of Object.entries(headers)) if (v === undefined) delete headers[k as keyof typeof headers]
    const res = await s.inject({ url: c.url ?? PROFILES, headers: headers as Record<string, string> })
    t.equal(res.statusCode, c.status)
    t.same(res.json(), wmError(c.status, c.title, c.text, c.tracking === '' ? null : (c.tracking ?? '12345')))
  })
}

t.test('credentials are checked before the other headers', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: PROFILES, headers: { authorization: basic('ocsuser', 'bad') } })
  t.equal(res.statusCode, 401)
  t.same(res.json(), wmError(401, 'Unauthorized', 'Authorization header does not hold a registered sandbox user and password', null))
})

t.test('a malformed JSON body on the GET answers 400 in WM\'s envelope', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: PROFILES, headers: { ...WM_HEADERS, 'content-type': 'application/json' }, payload: '{"a":' })
  t.equal(res.statusCode, 400)
  t.same(res.json(), wmError(400, 'Bad Request', 'body is not valid JSON'))
})

t.test('the seed ticket body raises a ticket with the seed\'s transaction id, then the next', async (t) => {
  const s = await sandbox(t)
  const first = await s.inject({ method: 'POST', url: TICKETS, headers: WM_HEADERS, payload: SEED_TICKET })
  t.equal(first.statusCode, 200)
  t.same(first.json(), { status: 'SUCCESS', transaction_id: '456' })
  const second = await s.inject({ method: 'POST', url: TICKETS, headers: WM_HEADERS, payload: { reason_code: 'SUS', service: { id: 2, code: '2YD' } } })
  t.same(second.json(), { status: 'SUCCESS', transaction_id: '457' })
})

t.test('tickets are counted per tenant', async (t) => {
  const s = await sandbox(t)
  await s.inject({ method: 'POST', url: TICKETS, headers: WM_HEADERS, payload: SEED_TICKET })
  const other = await s.inject({ method: 'POST', url: TICKETS, headers: { ...WM_HEADERS, authorization: basic('ocsuser2', 'ocsuser2') }, payload: SEED_TICKET })
  t.equal(other.statusCode, 200)
  t.same(other.json(), { status: 'SUCCESS', transaction_id: '456' })
})

t.test('tickets persist across a restart in the tenant\'s file', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-wm-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const created = Date.parse('2026-01-02T03:04:05.000Z')
  const first = await sandbox(t, { inMemory: false, dataDir: dir, clock: () => created })
  t.same((await first.inject({ method: 'POST', url: TICKETS, headers: WM_HEADERS, payload: SEED_TICKET })).json(), { status: 'SUCCESS', transaction_id: '456' })
  await first.app.close()
  const files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl'))
  // Each tenant file is a log: a header line, then one line of changes per committed write.
  const changes = (await Promise.all(files.map(async (f) => (await readFile(join(dir, f), 'utf8')).trim().split('\n').slice(1)
    .flatMap((line) => (JSON.parse(line) as { o: Array<[string, string, unknown?]> }).o)))).flat()
  t.same(changes.filter(([collection, id]) => collection === 'tickets' && id === '456').map(([, , ticket]) => ticket), [{
    ...SEED_TICKET, transaction_id: '456', status: 'SUCCESS', created_at: '2026-01-02T03:04:05.000Z',
  }], 'the ticket is in the tenant\'s file, stamped by the sandbox\'s clock')
  const again = await sandbox(t, { inMemory: false, dataDir: dir })
  t.same((await again.inject({ method: 'POST', url: TICKETS, headers: WM_HEADERS, payload: SEED_TICKET })).json(), { status: 'SUCCESS', transaction_id: '457' })
})

const ticketErrors: Array<{ name: string, url?: string, payload?: unknown, raw?: string, type?: string, status: number, title: string, text: string }> = [
  { name: 'a ticket without reason_code answers 400 naming it', payload: { service: { id: 1, code: '6FL' } }, status: 400, title: 'Bad Request', text: "body field '/reason_code' is required" },
  { name: 'a ticket with an unknown field answers 400 naming it', payload: { ...SEED_TICKET, priority: 'high' }, status: 400, title: 'Bad Request', text: "body field '/priority' is not a known field" },
  { name: 'a ticket with a string service id answers 400 naming it', payload: { ...SEED_TICKET, service: { id: '1', code: '6FL' } }, status: 400, title: 'Bad Request', text: "body field '/service/id' must be integer" },
  { name: 'a ticket for another customer_id answers 400', payload: { ...SEED_TICKET, customer_id: '104127993008' }, status: 400, title: 'Bad Request', text: "body field '/customer_id' (104127993008) must match the path's customerId (156714543005)" },
  { name: 'a ticket with a bad dispatch date answers 400', payload: { ...SEED_TICKET, dispatch_date_time: 'tomorrow' }, status: 400, title: 'Bad Request', text: "body field '/dispatch_date_time' must match format \"date-time\"" },
  { name: 'a ticket body that is not JSON answers 400', raw: '{"reason_code": RES}', status: 400, title: 'Bad Request', text: 'body is not valid JSON' },
  { name: 'a ticket without a body answers 400', status: 400, title: 'Bad Request', text: 'body must be object' },
  { name: 'a ticket sent as a form answers 415', raw: 'reason_code=RES', type: 'application/x-www-form-urlencoded', status: 415, title: 'Unsupported Media Type', text: "Content-Type 'application/x-www-form-urlencoded' is not accepted; send application/json" },
  { name: 'a ticket over 1 MiB answers 413', raw: JSON.stringify({ ...SEED_TICKET, reason: 'x'.repeat(1024 * 1024) }), status: 413, title: 'Payload Too Large', text: 'body is larger than the sandbox accepts (at most 1048576 bytes)' },
  { name: 'a ticket for an unknown customer answers 404', url: '/api/v1/customers/999999999999/tickets', payload: { reason_code: 'RES', service: { id: 1, code: '6FL' } }, status: 404, title: 'Not Found', text: "customer '999999999999' not found" },
  { name: 'a ticket for the server-error scenario customer answers 500', url: '/api/v1/customers/000000000500/tickets', payload: { reason_code: 'RES', service: { id: 1, code: '6FL' } }, status: 500, title: 'Service Error', text: 'Source not configured' },
]

for (const c of ticketErrors) {
  t.test(c.name, async (t) => {
    const s = await sandbox(t)
    const headers: Record<string, string> = { ...WM_HEADERS }
    if (c.raw !== undefined) headers['content-type'] = c.type ?? 'application/json'
    const res = await s.inject({ method: 'POST', url: c.url ?? TICKETS, headers, ...(c.raw !== undefined ? { payload: c.raw } : c.payload !== undefined ? { payload: c.payload as object } : {}) })
    t.equal(res.statusCode, c.status)
    t.same(res.json(), wmError(c.status, c.title, c.text))
    // Nothing was stored: the next good ticket still gets the first transaction id.
    const next = await s.inject({ method: 'POST', url: TICKETS, headers: WM_HEADERS, payload: SEED_TICKET })
    t.same(next.json(), { status: 'SUCCESS', transaction_id: '456' })
  })
}

t.test('an unknown route under WM\'s prefix answers 404 in WM\'s envelope', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: '/api/v1/customers/104127993008/invoices', headers: WM_HEADERS })
  t.equal(res.statusCode, 404)
  t.same(res.json(), wmError(404, 'Not Found', 'WM Customer Profiles has no route GET /api/v1/customers/104127993008/invoices'))
})

t.test('a wrong method on a WM path answers 405 with Allow', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ method: 'DELETE', url: PROFILES, headers: WM_HEADERS })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD')
  t.same(res.json(), wmError(405, 'Method Not Allowed', `DELETE is not allowed on ${PROFILES}; allowed: GET, HEAD`))
})
