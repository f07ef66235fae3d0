import t from 'tap'
import { readFile } from 'node:fs/promises'
import { sandbox } from './helpers.js'
import { answers, bearer, fieldError, problem } from './asseco-helpers.js'

const fixture = async (name: string): Promise<Record<string, Record<string, unknown>>> =>
  JSON.parse(await readFile(new URL(`../fixtures/asseco/data/${name}.json`, import.meta.url), 'utf8'))

const NOT_FOUND = 'The requested resource does not exist.'

t.test('the seed\'s party 314 answers its full individual profile', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: '/party-profile/individual-profiles/314', headers: await bearer(s) })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /application\/json/)
  const body = res.json()
  t.same(body, (await fixture('individual-profiles'))['314'])
  t.match(body, { 'party-number': '314', 'is-employee': false, 'lifecycle-status': 'living' })
  t.same(Object.keys(body), ['party-number', 'is-employee', 'lifecycle-status', 'channel', 'product', 'demographic', 'customer', 'financial', 'household', 'social'])
})

t.test('every individual, organization and arrangement of the data set answers its profile', async (t) => {
  const s = await sandbox(t)
  const headers = await bearer(s)
  const sets: Array<[string, string]> = [['individual-profiles', 'party-number'], ['organization-profiles', 'party-number'], ['arrangement-profiles', 'arrangement-number']]
  for (const [collection, key] of sets) {
    const records = await fixture(collection)
    t.ok(Object.keys(records).length >= 4, `${collection} has several records`)
    for (const [id, record] of Object.entries(records)) {
      const res = await s.inject({ url: `/party-profile/${collection}/${id}`, headers })
      t.equal(res.statusCode, 200, `${collection}/${id}`)
      t.same(res.json(), record)
      t.equal(res.json()[key], id)
    }
  }
})

t.test('a trailing slash is accepted', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: '/party-profile/organization-profiles/9001/', headers: await bearer(s) })
  t.equal(res.statusCode, 200)
  t.equal(res.json()['legal-structure'], 'limited-liability-company')
})

const notFound: Array<[string, string]> = [
  ['/party-profile/individual-profiles/999', "individual party '999' not found"],
  ['/party-profile/individual-profiles/9001', "individual party '9001' not found"],
  ['/party-profile/organization-profiles/314', "organization party '314' not found"],
  ['/party-profile/arrangement-profiles/MK00000000000000000', "arrangement 'MK00000000000000000' not found"],
  ['/party-profile/individual-profiles/999/contact-preference', "individual party '999' not found"],
  ['/party-profile/individual-profiles/9001/contact-preferences', "individual party '9001' not found"],
]
for (const [url, message] of notFound) {
  t.test(`GET ${url} answers the 404 problem`, async (t) => {
    const s = await sandbox(t)
    const res = await s.inject({ url, headers: await bearer(s) })
    answers(t, res, 404, problem('not-found', message, NOT_FOUND))
  })
}

const invalid: Array<[string, string, string]> = [
  ['/party-profile/individual-profiles/31a4', 'party-number', "path parameter 'party-number' must match pattern \"^[0-9]{1,16}$\""],
  ['/party-profile/organization-profiles/12345678901234567', 'party-number', "path parameter 'party-number' must match pattern \"^[0-9]{1,16}$\""],
  ['/party-profile/arrangement-profiles/mk07', 'arrangement-number', "path parameter 'arrangement-number' must match pattern \"^[0-9A-Z]{1,34}$\""],
  ['/party-profile/individual-profiles/x/contact-preference', 'party-number', "path parameter 'party-number' must match pattern \"^[0-9]{1,16}$\""],
]
for (const [url, tag, message] of invalid) {
  t.test(`GET ${url} answers 400 naming ${tag}`, async (t) => {
    const s = await sandbox(t)
    const res = await s.inject({ url, headers: await bearer(s) })
    answers(t, res, 400, fieldError(tag, 'invalid-format', message))
  })
}

t.test('the scenario parties answer 500 and 503 problems', async (t) => {
  const s = await sandbox(t)
  const headers = await bearer(s)
  const failed = await s.inject({ url: '/party-profile/individual-profiles/500', headers })
  answers(t, failed, 500, problem('internal-error', 'the profile service failed to answer', 'The service failed to process the request.'))
  const down = await s.inject({ url: '/party-profile/individual-profiles/503', headers })
  answers(t, down, 503, problem('service-unavailable', 'the profile service is down for maintenance', 'The service is temporarily unavailable.'))
  const listed = await s.app.inject({ url: '/__sandbox/scenarios' })
  t.match(listed.json().scenarios.filter((e: { api: string }) => e.api === 'asseco'), [
    { operationId: 'getIndividualProfile', path: '/party-profile/individual-profiles/{party-number}', trigger: { in: 'path', name: 'party-number', value: '500' }, outcome: { problem: 'internal-error', status: 500 } },
    { operationId: 'getIndividualProfile', trigger: { value: '503' }, outcome: { problem: 'service-unavailable', status: 503 } },
  ])
})

t.test('an unknown route and a wrong method answer problems in Asseco\'s shape', async (t) => {
  const s = await sandbox(t)
  const headers = await bearer(s)
  const unknown = await s.inject({ url: '/party-profile/household-profiles/314', headers })
  answers(t, unknown, 404, problem('not-found', 'Asseco SEE Party Profile has no route GET /party-profile/household-profiles/314', 'The Party Profile API has no such resource.'))
  const wrong = await s.inject({ method: 'DELETE', url: '/party-profile/individual-profiles/314', headers })
  t.equal(wrong.statusCode, 405)
  t.equal(wrong.headers.allow, 'GET, HEAD')
  t.same(wrong.json(), problem('not-implemented', 'DELETE is not allowed on /party-profile/individual-profiles/314; allowed: GET, HEAD', 'The method is not supported on this resource.'))
})

t.test('Prefer forces documented statuses in Asseco\'s shapes', async (t) => {
  const s = await sandbox(t)
  const headers = await bearer(s)
  const forbidden = await s.inject({ url: '/party-profile/individual-profiles/314', headers: { ...headers, prefer: 'code=403' } })
  answers(t, forbidden, 403, problem('forbidden', 'forced by Prefer: code=403', 'The access token does not allow this operation.'))
  const business = await s.inject({ method: 'POST', url: '/party-profile/individual-profiles/314/contact-preference', headers: { ...headers, prefer: 'code=440' }, payload: { 'preferred-language': 'en', 'contact-purpose': 'general', 'start-date': '2016-01-11T00:00:00Z' } })
  answers(t, business, 440, problem('business-rule-violation', 'forced by Prefer: code=440', 'The request breaks a business rule.'))
  const undocumented = await s.inject({ url: '/party-profile/arrangement-profiles/MK07250120000058984', headers: { ...headers, prefer: 'code=440' } })
  answers(t, undocumented, 400, fieldError('Prefer', 'invalid-format', 'Prefer code=440 is not documented for getArrangementProfile; documented: 200, 400, 401, 403, 404, 500'))
})
