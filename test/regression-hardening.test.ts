import t from 'tap'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { toProblem } from '../src/engine/errors.js'
import { Journal } from '../src/sandbox/journal.js'
import { TokenStore } from '../src/auth/tokens.js'
import { viewCache } from '../src/apis/simpro/views.js'
import type { TenantData } from '../src/store/store.js'
import { citiCaller, citiHeaders, clientToken } from './citi-helpers.js'
import { WM_HEADERS, basic, sandbox } from './helpers.js'
import { profilesUrl, simproError } from './simpro-helpers.js'

// Regressions of the hardening issue: each case was a 500, a wrong message, a wipe or unbounded growth.

const JSON_TYPE = { 'content-type': 'application/json' }
const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n)

t.test('a path parameter over 100 characters answers 400 in the API envelope, naming the parameter', async (t) => {
  const s = await sandbox(t)
  const long = '1'.repeat(101)
  const wm = await s.inject({ url: `/api/v1/customers/${long}/profiles`, headers: WM_HEADERS })
  t.equal(wm.statusCode, 400)
  t.same(wm.json(), { error: { code: '400', message: 'Bad Request', errors: [{ message: "path parameter 'customerId' is longer than 100 characters" }] }, request_tracking_id: '12345' })
  const simpro = await s.inject({ url: `${profilesUrl(long)}/` })
  t.equal(simpro.statusCode, 422)
  t.same(simpro.json(), simproError('/companyID', "path parameter 'companyID' is longer than 100 characters"))
  const asseco = await s.inject({ url: `/party-profile/individual-profiles/${long}/contact-preference` })
  t.equal(asseco.statusCode, 400)
  t.same(asseco.json(), { errors: [{ tag: 'party-number', error: 'max-length', message: "path parameter 'party-number' is longer than 100 characters" }] })
})

t.test('Citi image PUT with no body and no Content-Type answers 400 invalidRequest', async (t) => {
  const s = await sandbox(t)
  const citi = await citiCaller(t, s)
  const res = await s.inject({ method: 'PUT', url: '/v1/customers/profile/images', headers: citiHeaders(citi.token) })
  t.equal(res.statusCode, 400)
  t.same(res.json(), { type: 'invalid', code: 'invalidRequest', details: 'body is required; send application/json or image/png or image/jpeg', location: 'body' })
})

t.test('__proto__ and constructor.prototype keys are refused naming the key', async (t) => {
  const s = await sandbox(t)
  const proto = await s.inject({ method: 'POST', url: `${profilesUrl()}/`, headers: JSON_TYPE, payload: '{"Name":"x","__proto__":{"admin":true}}' })
  t.equal(proto.statusCode, 422)
  t.same(proto.json(), simproError('/__proto__', "body field '/__proto__' is refused: a '__proto__' key could change the prototype of objects"))
  const ctor = await s.inject({ method: 'POST', url: `${profilesUrl()}/`, headers: JSON_TYPE, payload: '{"Name":"x","a":[{"constructor":{"prototype":{}}}]}' })
  t.equal(ctor.statusCode, 422)
  t.same(ctor.json(), simproError('/a/0/constructor/prototype', "body field '/a/0/constructor/prototype' is refused: a 'constructor.prototype' key could change the prototype of objects"))
  const broken = await s.inject({ method: 'POST', url: `${profilesUrl()}/`, headers: JSON_TYPE, payload: '{"__proto__":' })
  t.same(broken.json(), simproError('', 'body is not valid JSON'), 'invalid JSON keeps its own message')
})

t.test('oversized bodies answer a status the operation declares', async (t) => {
  const s = await sandbox(t, { bodyLimit: 2048 })
  const big = 'x'.repeat(4096)
  // simPRO's create declares 413; its list (a GET) does not: there the body cannot be read (422).
  const create = await s.inject({ method: 'POST', url: `${profilesUrl()}/`, headers: JSON_TYPE, payload: big })
  t.equal(create.statusCode, 413)
  t.same(create.json(), simproError('', 'body is larger than the sandbox accepts (at most 2048 bytes)'))
  const list = await s.inject({ url: `${profilesUrl()}/`, headers: JSON_TYPE, payload: big })
  t.equal(list.statusCode, 422)
  t.same(list.json(), simproError('', 'body is larger than the sandbox accepts (at most 2048 bytes)'))
  // IMIconnect: 7000 is a 400.
  const imi = await s.inject({ url: '/resources/v1/customerprofile?customerId=1', headers: { ...JSON_TYPE, key: 'imi-sandbox-key' }, payload: big })
  t.equal(imi.statusCode, 400)
  t.match(imi.json(), { Status: 1, code: '7000', Description: 'Invalid JSON: body is larger than the sandbox accepts (at most 2048 bytes)' })
  // Citi's OAuth POSTs: 400 invalid_request (their declared error answer).
  const token = await s.inject({ method: 'POST', url: '/clientCredentials/oauth2/token/au/gcb', headers: { authorization: basic('citi-sandbox-client', 'citi-sandbox-secret'), 'content-type': 'application/x-www-form-urlencoded' }, payload: `grant_type=client_credentials&x=${big}` })
  t.equal(token.statusCode, 400)
  t.same(token.json(), { error: 'invalid_request', error_description: 'body is larger than the sandbox accepts (at most 2048 bytes)' })
})

t.test('a 10,000-deep body is refused and the journal still reads, with the body cut', async (t) => {
  const s = await sandbox(t, { adminToken: 'admin-token-1' })
  const res = await s.inject({ method: 'POST', url: `${profilesUrl()}/`, headers: JSON_TYPE, payload: `{"Name":"x","Notes":${deep(10_000)}}` })
  t.equal(res.statusCode, 422)
  t.same(res.json(), simproError('/Notes', "body field '/Notes' is not a known field"))
  const journal = await s.app.inject({ url: '/__sandbox/requests', headers: { 'x-sandbox-admin-token': 'admin-token-1' } })
  t.equal(journal.statusCode, 200)
  const [entry] = journal.json().requests
  t.equal(entry.bodyTruncated, true)
  t.match(JSON.stringify(entry.body), /\[truncated: nested deeper than 32 levels\]/)
})

t.test('journal bodies are bounded per entry and in total, the truncation marked', async (t) => {
  const s = await sandbox(t, { adminToken: 'admin-token-1', journalEntryBytes: 1024, journalBytes: 4096 })
  for (let i = 0; i < 10; i++) {
    await s.inject({ method: 'POST', url: `${profilesUrl()}/`, headers: JSON_TYPE, payload: { Name: `n${i}`, Notes: 'x'.repeat(5000) } })
  }
  const { requests } = (await s.app.inject({ url: '/__sandbox/requests', headers: { 'x-sandbox-admin-token': 'admin-token-1' } })).json()
  t.equal(requests.length, 10)
  t.ok(requests.every((e: { bodyTruncated: boolean }) => e.bodyTruncated), 'every body is marked truncated')
  const kept = requests.filter((e: { body: unknown }) => e.body !== null)
  t.ok(kept.length >= 3 && kept.length <= 5, `the newest bodies fit in the total (${kept.length} kept)`)
  t.equal(requests.at(-1).body.Name, 'n9', 'the newest body is kept')
  t.ok(JSON.stringify(requests.at(-1).body).length <= 1024 + 64, 'one body is cut near its bound')
  t.equal(requests[0].body, null, 'the oldest body was dropped')
  t.equal(requests[0].bodyBytes, 5000 + '{"Name":"n0","Notes":""}'.length)
})

t.test('a tenant naming another tenant or all in a reset gets 403 and its data stays', async (t) => {
  const s = await sandbox(t)
  const created = await s.inject({ method: 'POST', url: `${profilesUrl()}/`, headers: { authorization: 'Bearer simpro-sandbox-token' }, payload: { Name: 'Kept' } })
  t.equal(created.statusCode, 201)
  const id = created.json().ID as number
  const headers = { authorization: 'Bearer simpro-sandbox-token' }
  const other = await s.app.inject({ method: 'POST', url: '/__sandbox/reset?api=simpro', headers, payload: { tenant: 'simpro:default' } })
  t.equal(other.statusCode, 403)
  t.match(other.json(), { problem: 'forbidden', title: 'Forbidden', message: /body field '\/tenant' names "simpro:default"/ })
  const all = await s.app.inject({ method: 'POST', url: '/__sandbox/reset?api=simpro', headers, payload: { all: true } })
  t.equal(all.statusCode, 403)
  t.same(all.json(), { problem: 'forbidden', title: 'Forbidden', message: "body field '/all' needs the admin token (X-Sandbox-Admin-Token); a tenant resets only its own data" })
  t.equal((await s.inject({ url: `${profilesUrl()}/${id}`, headers })).statusCode, 200, 'the caller\'s data is still there')
  const own = await s.app.inject({ method: 'POST', url: '/__sandbox/reset?api=simpro', headers, payload: { tenant: 'simpro:simpro-demo' } })
  t.same(own.json(), { reset: ['simpro:simpro-demo'] }, 'naming itself is fine')
})

t.test('issued tokens are capped per client: the oldest is revoked', async (t) => {
  const s = await sandbox(t, { tokensPerClient: 3 })
  const tokens = []
  for (let i = 0; i < 4; i++) tokens.push(await clientToken(t, s))
  const first = await s.inject({ url: '/v1/customers/profiles', headers: citiHeaders(tokens[0]!) })
  t.equal(first.statusCode, 401, 'the oldest token is gone')
  t.equal(first.json().code, 'unAuthorized')
  const last = await s.inject({ url: '/v1/customers/profiles', headers: citiHeaders(tokens[3]!) })
  t.equal(last.statusCode, 200, 'the newest still works')

  const store = new TokenStore(() => 0, 2)
  for (let i = 0; i < 5; i++) store.issue('access', { clientId: 'a', tenant: 'a', scopes: [] }, 60)
  store.issue('access', { clientId: 'b', tenant: 'b', scopes: [] }, 60)
  t.same([store.countFor('a'), store.countFor('b')], [2, 1])
})

t.test('the simPRO view cache stays within its bytes', async (t) => {
  let revision = 0
  const records = Array.from({ length: 1000 }, (_, i) => ({ ID: i, Name: `n${i}` }))
  const data = { revision: () => revision, list: () => records.slice() } as unknown as TenantData
  const cache = viewCache(20_000)
  for (let i = 0; i < 200; i++) cache.derive(data, 'c', `q=${i}`, () => 'x'.repeat(1000))
  t.ok(cache.bytes <= 20_000, `held ${cache.bytes} bytes`)
  t.ok(cache.bytes > 15_000, 'and keeps what fits')
  t.equal(cache.derive(data, 'c', 'q=199', () => 'rebuilt'), 'x'.repeat(1000), 'the newest entry is kept')
  t.equal(cache.derive(data, 'c', 'q=0', () => 'rebuilt'), 'rebuilt', 'the oldest was evicted')
  revision++
  t.equal(cache.derive(data, 'c', 'q=199', () => 'new'), 'new', 'a change empties the shelf')
  t.ok(cache.bytes < 2000, 'and its bytes leave the budget')
})

t.test('a malformed Content-Type on an operation that documents no 415 is its plain bad request', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: '/api/v1/customers/104127993008/profiles', headers: { ...WM_HEADERS, 'content-type': ';;;' } })
  t.equal(res.statusCode, 400)
  t.same(res.json(), { error: { code: '400', message: 'Bad Request', errors: [{ message: 'Content-Type header is not a valid media type' }] }, request_tracking_id: '12345' })
})

t.test('a malformed URL before routing answers in the API envelope, not a crash', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: '/api/v1.0/companies/%zz/setup/customerProfiles/' })
  t.equal(res.statusCode, 422)
  t.same(res.json(), simproError('', 'the request path is not a valid URL'))
})

t.test('a client that aborts mid-body is logged at debug, one line without a stack', async (t) => {
  const lines: Array<[string, unknown]> = []
  const log = { debug: (o: unknown) => lines.push(['debug', o]), error: (o: unknown) => lines.push(['error', o]) }
  const err = Object.assign(new Error('aborted'), { code: 'ECONNRESET' }) as unknown as FastifyError
  const problem = toProblem(err, { raw: { destroyed: true }, log, row: null } as unknown as FastifyRequest)
  t.equal(problem.kind, 'malformed-json')
  t.equal(problem.message, 'the request was aborted before its body was read')
  t.same(lines, [['debug', { code: 'ECONNRESET' }]], 'no error line, no stack')
  const other = toProblem(new Error('boom') as FastifyError, { raw: { destroyed: false }, log, row: null } as unknown as FastifyRequest)
  t.equal(other.kind, 'internal-error', 'a real failure is still an error')
  t.equal(lines.at(-1)?.[0], 'error')
})

t.test('the journal keeps the newest bodies within its total while its ring wraps', async (t) => {
  const journal = new Journal(5, { entryBytes: 1000, totalBytes: 2500 })
  const request = (i: number) => ({ method: 'POST', url: `/${i}`, body: { n: i, text: 'x'.repeat(900) }, headers: { 'content-length': '920' }, tenant: 'api:t', row: null }) as unknown as FastifyRequest
  const reply = { statusCode: 201, elapsedTime: 1 } as unknown as FastifyReply
  for (let i = 1; i <= 12; i++) {
    journal.record(request(i), reply)
    const entries = journal.find({})
    const kept = entries.filter((e) => e.body !== null).map((e) => (e.body as { n: number }).n)
    // Each body costs about 930 bytes: two fit in 2,500, the newest always among them.
    t.same(kept, [i - 1, i].filter((n) => n >= 1), `after ${i}: the two newest bodies are kept`)
    t.ok(entries.filter((e) => e.body === null).every((e) => e.bodyTruncated), 'the dropped ones are marked')
  }
  t.same(journal.find({}).map((e) => e.path), ['/8', '/9', '/10', '/11', '/12'], 'the ring keeps the five newest entries')
  journal.remove({ path: '/12' })
  journal.record(request(13), reply)
  t.same(journal.find({}).filter((e) => e.body !== null).map((e) => (e.body as { n: number }).n), [11, 13], 'after a removal the total is recounted')
})
