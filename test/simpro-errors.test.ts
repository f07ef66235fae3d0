import t from 'tap'
import { profilesUrl, sharedSandbox, simproError } from './simpro-helpers.js'

// Every error path of the item and body handling. One sandbox for the file; the shared tenant is
// reset before each case, so every case starts from the base data.
const shared = await sharedSandbox(t)
const sandbox = async (t: Parameters<typeof shared>[0]) => {
  const s = shared(t)
  const reset = await s.app.inject({ method: 'POST', url: '/__sandbox/reset?api=simpro' })
  t.equal(reset.statusCode, 200, 'the shared tenant starts afresh')
  return s
}

const P = profilesUrl()

const unknownCompany = simproError('/companyID', "company '7' not found", 7)
const companyCases: Array<{ method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object }> = [
  { method: 'GET', url: profilesUrl(7) },
  { method: 'POST', url: profilesUrl(7), payload: { Name: 'Gold' } },
  { method: 'GET', url: `${profilesUrl(7)}/1` },
  { method: 'PATCH', url: `${profilesUrl(7)}/1`, payload: { Name: 'Gold' } },
  { method: 'DELETE', url: `${profilesUrl(7)}/1` },
]
for (const c of companyCases) {
  t.test(`${c.method} under an unknown company answers 404 naming companyID`, async (t) => {
    const s = await sandbox(t)
    const res = await s.inject({ method: c.method, url: c.url, ...(c.payload === undefined ? {} : { payload: c.payload }) })
    t.equal(res.statusCode, 404)
    t.same(res.json(), unknownCompany)
  })
}

const bodyErrors: Array<{ name: string, method: 'POST' | 'PATCH', payload?: unknown, raw?: string, type?: string, status: number, path: string, message: string, value?: unknown }> = [
  { name: 'POST without Name', method: 'POST', payload: {}, status: 422, path: '/Name', message: "body field '/Name' is required" },
  { name: 'POST with a number for Name', method: 'POST', payload: { Name: 5 }, status: 422, path: '/Name', message: "body field '/Name' must be string", value: 5 },
  { name: 'POST with an empty Name', method: 'POST', payload: { Name: '' }, status: 422, path: '/Name', message: "body field '/Name' must NOT have fewer than 1 characters", value: '' },
  { name: 'POST with a blank Name', method: 'POST', payload: { Name: '   ' }, status: 422, path: '/Name', message: "body field '/Name' must not be blank", value: '   ' },
  { name: 'POST with a Name over 100 characters', method: 'POST', payload: { Name: 'x'.repeat(101) }, status: 422, path: '/Name', message: "body field '/Name' must NOT have more than 100 characters", value: 'x'.repeat(101) },
  { name: 'POST with a Name already used (any case)', method: 'POST', payload: { Name: 'sILVER' }, status: 422, path: '/Name', message: "body field '/Name' 'sILVER' is already used by customer profile 2", value: 'sILVER' },
  { name: 'POST with an unknown field', method: 'POST', payload: { Name: 'New', Colour: 'red' }, status: 422, path: '/Colour', message: "body field '/Colour' is not a known field", value: 'red' },
  { name: 'POST with an ID', method: 'POST', payload: { Name: 'New', ID: 5 }, status: 422, path: '/ID', message: "body field '/ID' is not a known field", value: 5 },
  { name: 'POST with a string Archived', method: 'POST', payload: { Name: 'New', Archived: 'yes' }, status: 422, path: '/Archived', message: "body field '/Archived' must be boolean", value: 'yes' },
  { name: 'POST with an array body', method: 'POST', payload: [{ Name: 'New' }], status: 422, path: '', message: 'body must be object', value: [{ Name: 'New' }] },
  { name: 'POST with malformed JSON', method: 'POST', raw: '{"Name": Gold}', status: 422, path: '', message: 'body is not valid JSON' },
  { name: 'POST without a body', method: 'POST', status: 422, path: '', message: 'body must be object' },
  { name: 'POST as a form', method: 'POST', raw: 'Name=Gold', type: 'application/x-www-form-urlencoded', status: 415, path: '', message: "Content-Type 'application/x-www-form-urlencoded' is not accepted; send application/json" },
  { name: 'POST over 1 MiB', method: 'POST', raw: JSON.stringify({ Name: 'x'.repeat(1024 * 1024) }), status: 413, path: '', message: 'body is larger than the sandbox accepts (at most 1048576 bytes)' },
  { name: 'PATCH with an unknown field', method: 'PATCH', payload: { Name: 'Gold', Rank: 1 }, status: 422, path: '/Rank', message: "body field '/Rank' is not a known field", value: 1 },
  { name: 'PATCH with a null Name', method: 'PATCH', payload: { Name: null }, status: 422, path: '/Name', message: "body field '/Name' must be string" },
  { name: 'PATCH to a Name used by another profile', method: 'PATCH', payload: { Name: 'Bronze' }, status: 422, path: '/Name', message: "body field '/Name' 'Bronze' is already used by customer profile 3", value: 'Bronze' },
  { name: 'PATCH with a blank Name', method: 'PATCH', payload: { Name: ' ' }, status: 422, path: '/Name', message: "body field '/Name' must not be blank", value: ' ' },
  { name: 'PATCH with a number for Archived', method: 'PATCH', payload: { Archived: 1 }, status: 422, path: '/Archived', message: "body field '/Archived' must be boolean", value: 1 },
]

for (const c of bodyErrors) {
  t.test(`${c.name} answers ${c.status} in simPRO's envelope and stores nothing`, async (t) => {
    const s = await sandbox(t)
    const url = c.method === 'POST' ? `${P}/` : `${P}/1`
    const headers: Record<string, string> = c.raw === undefined ? {} : { 'content-type': c.type ?? 'application/json' }
    const res = await s.inject({ method: c.method, url, headers, ...(c.raw !== undefined ? { payload: c.raw } : c.payload !== undefined ? { payload: c.payload as object } : {}) })
    t.equal(res.statusCode, c.status)
    t.same(res.json(), simproError(c.path, c.message, c.value ?? null))
    t.same((await s.inject({ url: `${P}/1` })).json(), { ID: 1, Name: 'Gold', Archived: false })
    t.same((await s.inject({ method: 'POST', url: P, payload: { Name: 'Next' } })).json(), { ID: 67, Name: 'Next', Archived: false }, 'no id was used up')
  })
}

const pathErrors: Array<{ url: string, path: string, message: string, value: unknown }> = [
  { url: `${P}/0`, path: '/customerProfileID', message: "path parameter 'customerProfileID' must be >= 1", value: 0 },
  { url: `${P}/abc`, path: '/customerProfileID', message: "path parameter 'customerProfileID' must be integer", value: 'abc' },
  { url: `${P}/99999999999`, path: '/customerProfileID', message: "path parameter 'customerProfileID' must be <= 2147483647", value: 99999999999 },
  { url: profilesUrl('x'), path: '/companyID', message: "path parameter 'companyID' must be integer", value: 'x' },
  { url: profilesUrl(-1), path: '/companyID', message: "path parameter 'companyID' must be >= 0", value: -1 },
]
for (const c of pathErrors) {
  t.test(`GET ${c.url} answers 422 naming ${c.path}`, async (t) => {
    const s = await sandbox(t)
    const res = await s.inject({ url: c.url })
    t.equal(res.statusCode, 422)
    t.same(res.json(), simproError(c.path, c.message, c.value))
  })
}


t.test('Prefer forces documented answers in simPRO\'s envelope, and refuses undocumented ones with a 422', async (t) => {
  const s = await sandbox(t)
  const forced = await s.inject({ url: `${P}/`, headers: { prefer: 'code=422' } })
  t.equal(forced.statusCode, 422)
  t.same(forced.json(), simproError('', 'forced by Prefer: code=422'))
  const example = await s.inject({ url: `${P}/`, headers: { prefer: 'example=withArchived' } })
  t.equal(example.statusCode, 200)
  t.same(example.json(), [{ ID: 1, Name: 'Gold', Archived: false }, { ID: 13, Name: 'On Hold', Archived: false }])
  const undocumented = await s.inject({ url: `${P}/`, headers: { prefer: 'code=500' } })
  t.equal(undocumented.statusCode, 422)
  t.same(undocumented.json(), simproError('', 'Prefer code=500 is not documented for listCustomerProfiles; documented: 200, 404, 422'))
  const created = await s.inject({ method: 'POST', url: `${P}/`, headers: { prefer: 'code=201' }, payload: { Name: 'Forced' } })
  t.same(created.json(), { ID: 67, Name: 'Gold Plus', Archived: false }, 'the spec\'s example')
  t.equal((await s.inject({ url: `${P}?Name=Forced` })).headers['result-total'], '0', 'a forced answer stores nothing')
})

t.test('HEAD on the list answers the paging headers without a body', async (t) => {
  const s = await sandbox(t)
  const res = await s.app.inject({ method: 'HEAD', url: `${P}/?Archived=true&pageSize=5` })
  t.equal(res.statusCode, 200)
  t.equal(res.body, '')
  t.equal(res.headers['result-total'], '8')
  t.equal(res.headers['result-pages'], '2')
})
