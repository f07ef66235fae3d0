// Issue 14: media types, reason phrases and parameter spellings as the documents and HTTP have them.
import { STATUS_CODES } from 'node:http'
import t from 'tap'
import { dialects } from '../src/dialects/index.js'
import { sandbox } from './helpers.js'
import { SINGLE, URL_314, bearer } from './asseco-helpers.js'
import { citiHeaders, clientToken } from './citi-helpers.js'

t.test('Citi: Accept is read case-insensitively, with parameters; q=0 does not accept', async (t) => {
  const s = await sandbox(t)
  const token = await clientToken(t, s)
  const ok = await s.inject({ url: '/v1/customers/profiles/emails', headers: citiHeaders(token) })
  t.equal(ok.statusCode, 200)
  for (const accept of ['APPLICATION/JSON', 'Application/Json; charset=utf-8', 'text/html;q=0.9, APPLICATION/*', '*/*;q=0.1']) {
    const res = await s.inject({ url: '/v1/customers/profiles/emails', headers: { ...citiHeaders(token), accept } })
    t.equal(res.statusCode, 200, accept)
    t.same(res.json(), ok.json(), `${accept}: the same answer`)
  }
  const refused = await s.inject({ url: '/v1/customers/profiles/emails', headers: { ...citiHeaders(token), accept: 'application/json;q=0, text/html' } })
  t.equal(refused.statusCode, 400)
  t.same(refused.json(), { type: 'invalid', code: 'invalidRequest', details: "header 'Accept' must accept application/json", location: 'Accept' })
})

t.test('Asseco: HTTP 440 goes out as "440 Business Rule Violation", on a real socket too', async (t) => {
  const s = await sandbox(t)
  const headers = await bearer(s)
  const payload = { ...SINGLE, 'start-date': '2016-01-11T00:00:00Z', 'end-date': '2015-01-01T00:00:00Z' }
  const res = await s.inject({ method: 'POST', url: URL_314, headers, payload })
  t.equal(res.statusCode, 440)
  t.equal(res.statusMessage, 'Business Rule Violation')
  t.same(res.json(), { problem: 'end-date-before-start-date', message: 'end-date 2015-01-01T00:00:00Z is before start-date 2016-01-11T00:00:00Z', details: 'The request breaks a business rule.' })
  for (const prefer of ['code=440', 'code=440, dynamic=true']) {
    const forced = await s.inject({ method: 'POST', url: URL_314, headers: { ...headers, prefer }, payload: SINGLE })
    t.equal(forced.statusCode, 440, prefer)
    t.equal(forced.statusMessage, 'Business Rule Violation', prefer)
    t.type(forced.json(), 'object', prefer)
  }
  const address = await s.app.listen({ host: '127.0.0.1', port: 0 })
  const wire = await fetch(`${address}${URL_314}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(payload) })
  t.equal(wire.status, 440)
  t.equal(wire.statusText, 'Business Rule Violation')
  t.equal((await wire.json() as { problem: string }).problem, 'end-date-before-start-date')
})

t.test('every status a dialect or a spec uses has a reason phrase', async (t) => {
  const s = await sandbox(t)
  const unnamed: string[] = []
  for (const dialect of dialects.values()) {
    for (const entry of Object.values(dialect.table)) {
      if (STATUS_CODES[entry.status] === undefined && dialect.reasons?.[entry.status] === undefined) unnamed.push(`${dialect.name} ${entry.status}`)
    }
  }
  t.same(unnamed, [])
  const health = await s.inject({ url: '/__sandbox/health' })
  t.equal(health.statusCode, 200, 'every spec booted: the boot refuses a status without a phrase')
  t.equal(dialects.get('asseco')?.reasons?.[440], 'Business Rule Violation')
})

t.test('IMIconnect: the multi-id call takes customerId and customerid alike', async (t) => {
  const s = await sandbox(t)
  const key = { key: 'imi-sandbox-key' }
  const url = '/resources/v1/customerprofile'
  const ids = (res: { json: () => { Records: Array<{ Attributes: Array<{ Name: string, Value: string }> }> } }): string[] =>
    res.json().Records.map((r) => r.Attributes.find((a) => a.Name === 'customerId')!.Value)
  const camel = await s.inject({ url: `${url}?customerId=2134&customerId=2142&showinwardlinks=0`, headers: key })
  t.equal(camel.statusCode, 200)
  const lower = await s.inject({ url: `${url}?customerid=2134&customerid=2142&showinwardlinks=0`, headers: key })
  t.equal(lower.statusCode, 200)
  t.same(ids(lower), ['2134', '2142'])
  t.same(lower.json().Records, camel.json().Records)
  const mixed = await s.inject({ url: `${url}?customerId=2134&customerid=2142`, headers: key })
  t.same(ids(mixed), ['2134', '2142'])
  const scenario = await s.inject({ url: `${url}?customerid=7006`, headers: key })
  t.equal(scenario.statusCode, 500)
  t.match(scenario.json(), { Status: 1, code: '7006', Description: 'Internal error: the profile service failed (sandbox scenario: customer 7006)' })
  const tooMany = await s.inject({ url: `${url}?${Array.from({ length: 101 }, (_, i) => `${i % 2 === 0 ? 'customerId' : 'customerid'}=${i}`).join('&')}`, headers: key })
  t.equal(tooMany.statusCode, 400)
  t.match(tooMany.json(), { code: '7012', Description: "Batch size limit exceeded: query parameter 'customerId' must NOT have more than 100 items" })
})
