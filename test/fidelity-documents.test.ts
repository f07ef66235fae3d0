// Issue 14, "mismatches with the documents": each answer keeps the document's types and rules.
import t from 'tap'
import { WM_HEADERS, sandbox } from './helpers.js'
import { SINGLE, URL_314, bearer, list } from './asseco-helpers.js'
import { profilesUrl } from './simpro-helpers.js'

/** Every path inside a JSON value whose value is null. */
function nullsIn (value: unknown, at = ''): string[] {
  if (value === null) return [at || '/']
  if (typeof value !== 'object') return []
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => nullsIn(v, `${at}/${key}`))
}

t.test('WM: last_login_date is a string or absent, never null (documented and 300 generated customers)', async (t) => {
  const s = await sandbox(t, { customers: 300, seed: 7 })
  const never = await s.inject({ url: '/api/v1/customers/104127993016/profiles', headers: WM_HEADERS })
  t.equal(never.statusCode, 200)
  t.same(never.json(), {
    profiles: [{
      id: '104127993016^27004412|E', paperless_invoice: false, auto_pay: false, auto_pay_owner: false,
      registered_code: 'N', logon_status: 'L', first_name: 'DAVID', last_name: 'LEE', email: 'david.lee@example.com',
    }],
  })
  let absent = 0
  for (let i = 1; i <= 300; i++) {
    const id = `8${String(i).padStart(11, '0')}`
    const res = await s.app.inject({ url: `/api/v1/customers/${id}/profiles`, headers: WM_HEADERS })
    t.equal(res.statusCode, 200)
    const body = res.json() as { profiles: Array<Record<string, unknown>> }
    t.same(nullsIn(body), [], `customer ${id} has no null`)
    for (const profile of body.profiles) {
      if (!('last_login_date' in profile)) absent++
      else t.match(profile.last_login_date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}-05:00$/)
    }
  }
  t.ok(absent > 0, `some generated customers never logged in (${absent})`)
})

t.test('simPRO: an unknown bearer token or another scheme reads and writes the shared data set', async (t) => {
  const s = await sandbox(t)
  const url = profilesUrl(0)
  const created = await s.inject({ method: 'POST', url, headers: { authorization: 'Bearer my-real-simpro-token' }, payload: { Name: 'Drop In' } })
  t.equal(created.statusCode, 201)
  t.same(created.json(), { ID: 67, Name: 'Drop In', Archived: false })
  for (const authorization of [undefined, 'Basic c2ltcHJvOnNpbXBybw==', 'Token abc', 'Bearer']) {
    const res = await s.inject({ url: `${url}/67`, headers: authorization === undefined ? {} : { authorization } })
    t.equal(res.statusCode, 200, String(authorization))
    t.same(res.json(), { ID: 67, Name: 'Drop In', Archived: false }, `${String(authorization)}: the shared data set`)
  }
  const own = await s.inject({ url: `${url}/67`, headers: { authorization: 'Bearer simpro-sandbox-token' } })
  t.equal(own.statusCode, 404, 'a registered token still selects its own data set')
  t.same(own.json(), { errors: [{ path: '/customerProfileID', message: "customer profile '67' not found", value: 67 }] })
})

t.test('Asseco: contact preferences leave out absent contact-id and arrangement-number, never null', async (t) => {
  const s = await sandbox(t)
  const headers = await bearer(s)
  const before = await list(s, headers) as Array<Record<string, unknown>>
  const second = before.find((p) => p.id === '7d2e9b40-61a8-4f0e-b6d5-2a9c4e3f8b22')
  t.ok(second !== undefined)
  t.notOk('arrangement-number' in second!, 'the fixture preference has no arrangement-number')
  t.equal(second!['contact-id'], 3142)
  const res = await s.inject({ method: 'POST', url: URL_314, headers, payload: SINGLE })
  t.equal(res.statusCode, 201)
  const stored = (await list(s, headers)).at(-1) as Record<string, unknown>
  t.notOk('contact-id' in stored, 'no contact-id')
  t.notOk('arrangement-number' in stored, 'no arrangement-number')
  const all = await list(s, headers) as unknown[]
  t.same(nullsIn(all).filter((path) => !path.endsWith('/end-date')), [], 'only an open end-date is null')
})

t.test('simPRO: PATCH with {} is a no-op 204', async (t) => {
  const s = await sandbox(t)
  const url = `${profilesUrl(0)}/1`
  const res = await s.inject({ method: 'PATCH', url, payload: {} })
  t.equal(res.statusCode, 204)
  t.equal(res.body, '')
  const after = await s.inject({ url })
  t.same(after.json(), { ID: 1, Name: 'Gold', Archived: false })
})
