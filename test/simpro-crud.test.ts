import t from 'tap'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sandbox } from './helpers.js'
import { TOKEN, TOKEN_2, profilesUrl, simproError } from './simpro-helpers.js'

const P = profilesUrl()

t.test('POST creates a profile: 201, the record and its Location; GET and the list read it back', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ method: 'POST', url: `${P}/`, payload: { Name: 'Gold Plus' } })
  t.equal(res.statusCode, 201)
  t.same(res.json(), { ID: 67, Name: 'Gold Plus', Archived: false })
  t.equal(res.headers.location, '/api/v1.0/companies/0/setup/customerProfiles/67')
  const read = await s.inject({ url: res.headers.location as string })
  t.equal(read.statusCode, 200)
  t.same(read.json(), { ID: 67, Name: 'Gold Plus', Archived: false })
  const list = await s.inject({ url: `${P}?Name=Gold%25&columns=ID,Name,Archived` })
  t.same(list.json(), [{ ID: 1, Name: 'Gold', Archived: false }, { ID: 67, Name: 'Gold Plus', Archived: false }])
  t.equal(list.headers['result-total'], '2')
  const second = await s.inject({ method: 'POST', url: P, payload: { Name: 'Legacy 2019', Archived: true } })
  t.same(second.json(), { ID: 68, Name: 'Legacy 2019', Archived: true }, 'the next id; Archived may be sent')
})

t.test('GET by id answers all columns, or those asked for', async (t) => {
  const s = await sandbox(t)
  t.same((await s.inject({ url: `${P}/12` })).json(), { ID: 12, Name: 'Lapsed', Archived: true })
  t.same((await s.inject({ url: `${P}/12?columns=Name` })).json(), { Name: 'Lapsed' })
  const bad = await s.inject({ url: `${P}/12?columns=Colour` })
  t.equal(bad.statusCode, 422)
  t.same(bad.json(), simproError('/columns', 'Invalid columns: Colour (known columns: ID, Name, Archived)', 'Colour'))
})

t.test('PATCH updates only the fields sent and answers 204 without a body', async (t) => {
  const s = await sandbox(t)
  const rename = await s.inject({ method: 'PATCH', url: `${P}/1`, payload: { Name: 'Gold Premium' } })
  t.equal(rename.statusCode, 204)
  t.equal(rename.body, '')
  t.same((await s.inject({ url: `${P}/1` })).json(), { ID: 1, Name: 'Gold Premium', Archived: false })
  const archive = await s.inject({ method: 'PATCH', url: `${P}/1`, payload: { Archived: true } })
  t.equal(archive.statusCode, 204)
  t.same((await s.inject({ url: `${P}/1` })).json(), { ID: 1, Name: 'Gold Premium', Archived: true })
  const list = await s.inject({ url: `${P}?Archived=true&Name=Gold%25&columns=ID,Name,Archived` })
  t.same(list.json(), [{ ID: 1, Name: 'Gold Premium', Archived: true }], 'the list sees the change at once')
  const own = await s.inject({ method: 'PATCH', url: `${P}/2`, payload: { Name: 'SILVER' } })
  t.equal(own.statusCode, 204, 'a profile may change the case of its own name')
})

t.test('DELETE answers 204, then the profile is gone and its id is never given again', async (t) => {
  const s = await sandbox(t)
  const created = (await s.inject({ method: 'POST', url: P, payload: { Name: 'Temporary' } })).json()
  t.equal(created.ID, 67)
  const del = await s.inject({ method: 'DELETE', url: `${P}/67` })
  t.equal(del.statusCode, 204)
  t.equal(del.body, '')
  const gone = await s.inject({ url: `${P}/67` })
  t.equal(gone.statusCode, 404)
  t.same(gone.json(), simproError('/customerProfileID', "customer profile '67' not found", 67))
  const again = await s.inject({ method: 'DELETE', url: `${P}/67` })
  t.equal(again.statusCode, 404)
  t.same(again.json(), simproError('/customerProfileID', "customer profile '67' not found", 67))
  t.equal((await s.inject({ method: 'DELETE', url: `${P}/66` })).statusCode, 204, 'a fixture profile can be deleted')
  const next = await s.inject({ method: 'POST', url: P, payload: { Name: 'Temporary' } })
  t.same(next.json(), { ID: 68, Name: 'Temporary', Archived: false }, 'neither 66 nor 67 is reused; the freed name is')
  const list = await s.inject({ url: `${P}?ID=ge(60)&columns=ID` })
  t.same(list.json(), [60, 61, 62, 63, 64, 65, 68].map((ID) => ({ ID })))
  t.equal((await s.inject({ method: 'PATCH', url: `${P}/66`, payload: { Name: 'Back' } })).statusCode, 404, 'a deleted profile cannot be updated')
})

t.test('companies keep their own profiles and ids', async (t) => {
  const s = await sandbox(t)
  const created = await s.inject({ method: 'POST', url: profilesUrl(1), payload: { Name: 'Gold Plus' } })
  t.same(created.json(), { ID: 209, Name: 'Gold Plus', Archived: false })
  t.equal(created.headers.location, '/api/v1.0/companies/1/setup/customerProfiles/209')
  t.same((await s.inject({ url: `${P}?Name=Gold Plus` })).json(), [], 'not in company 0')
  t.equal((await s.inject({ url: `${P}/209` })).statusCode, 404)
  t.equal((await s.inject({ url: `${P}/201` })).statusCode, 404, "company 1's fixtures are not company 0's")
  t.equal((await s.inject({ url: `${profilesUrl(1)}/1` })).statusCode, 404, "company 0's fixtures are not company 1's")
  const empty = await s.inject({ method: 'POST', url: profilesUrl(2), payload: { Name: 'Gold' } })
  t.same(empty.json(), { ID: 1, Name: 'Gold', Archived: false }, 'an empty company starts at 1; names are per company')
})

t.test('the collection path works with and without its trailing slash; a wrong method is a 405', async (t) => {
  const s = await sandbox(t)
  t.equal((await s.inject({ url: `${P}/` })).statusCode, 200)
  t.equal((await s.inject({ url: P })).statusCode, 200)
  const put = await s.inject({ method: 'PUT', url: P, payload: { Name: 'x' } })
  t.equal(put.statusCode, 405)
  t.equal(put.headers.allow, 'GET, POST, HEAD')
  t.same(put.json(), simproError('', `PUT is not allowed on ${P}; allowed: GET, POST, HEAD`))
  const unknown = await s.inject({ url: '/api/v1.0/companies/0/setup/customerGroups/' })
  t.equal(unknown.statusCode, 404)
  t.same(unknown.json(), simproError('', 'simPRO Customer Profiles has no route GET /api/v1.0/companies/0/setup/customerGroups/'))
})

t.test('no token needed; a demo token selects its own data set; an unknown token is a 401', async (t) => {
  const s = await sandbox(t)
  const mine = await s.inject({ method: 'POST', url: P, headers: TOKEN, payload: { Name: 'Only Mine' } })
  t.equal(mine.statusCode, 201)
  t.same(mine.json(), { ID: 67, Name: 'Only Mine', Archived: false })
  t.same((await s.inject({ url: `${P}/67`, headers: TOKEN })).json(), { ID: 67, Name: 'Only Mine', Archived: false })
  t.same((await s.inject({ url: `${P}/67`, headers: { authorization: 'bearer simpro-sandbox-token' } })).statusCode, 200, 'the scheme word in any case')
  t.equal((await s.inject({ url: `${P}/67` })).statusCode, 404, 'not in the shared data set')
  t.equal((await s.inject({ url: `${P}/67`, headers: TOKEN_2 })).statusCode, 404, "not in the second tenant's")
  const shared = await s.inject({ method: 'POST', url: P, payload: { Name: 'Only Mine' } })
  t.same(shared.json(), { ID: 67, Name: 'Only Mine', Archived: false }, 'each tenant counts its own ids')
  for (const authorization of ['Bearer wrong-token', 'Basic c2ltcHJvOnNpbXBybw==']) {
    const res = await s.inject({ url: P, headers: { authorization } })
    t.equal(res.statusCode, 401, authorization)
    t.same(res.json(), simproError('', authorization.startsWith('Bearer')
      ? 'Authorization header does not hold an access token issued by the sandbox'
      : 'Authorization header must be "Bearer <access token>"'))
  }
})

t.test('a tenant reset through the sandbox controls brings back the base data', async (t) => {
  const s = await sandbox(t)
  await s.inject({ method: 'DELETE', url: `${P}/1`, headers: TOKEN })
  t.equal((await s.inject({ url: `${P}/1`, headers: TOKEN })).statusCode, 404)
  const reset = await s.app.inject({ method: 'POST', url: '/__sandbox/reset?api=simpro', headers: TOKEN })
  t.equal(reset.statusCode, 200)
  t.same(reset.json(), { reset: ['simpro:simpro-demo'] })
  t.same((await s.inject({ url: `${P}/1`, headers: TOKEN })).json(), { ID: 1, Name: 'Gold', Archived: false })
})

t.test('changes persist across a restart, within their tenant and company', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-simpro-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const first = await sandbox(t, { inMemory: false, dataDir: dir })
  t.equal((await first.inject({ method: 'POST', url: profilesUrl(1), headers: TOKEN, payload: { Name: 'Kept' } })).statusCode, 201)
  t.equal((await first.inject({ method: 'PATCH', url: `${P}/2`, headers: TOKEN, payload: { Name: 'Silver Star' } })).statusCode, 204)
  t.equal((await first.inject({ method: 'DELETE', url: `${P}/3`, headers: TOKEN })).statusCode, 204)
  await first.app.close()
  const again = await sandbox(t, { inMemory: false, dataDir: dir })
  t.same((await again.inject({ url: `${profilesUrl(1)}/209`, headers: TOKEN })).json(), { ID: 209, Name: 'Kept', Archived: false })
  t.same((await again.inject({ url: `${P}?ID=le(3)&columns=ID,Name`, headers: TOKEN })).json(), [{ ID: 1, Name: 'Gold' }, { ID: 2, Name: 'Silver Star' }])
  t.same((await again.inject({ url: `${P}?ID=le(3)&columns=ID,Name` })).json(), [{ ID: 1, Name: 'Gold' }, { ID: 2, Name: 'Silver' }, { ID: 3, Name: 'Bronze' }], 'the shared data set is untouched')
  t.same((await again.inject({ method: 'POST', url: profilesUrl(1), headers: TOKEN, payload: { Name: 'After restart' } })).json(), { ID: 210, Name: 'After restart', Archived: false }, 'the id counter survives too')
})

t.test('the same list query follows every change, reset and view eviction', async (t) => {
  const s = await sandbox(t)
  const url = `${P}?Name=Gold%25&columns=ID,Name,Archived&orderby=-ID`
  const list = async (): Promise<unknown> => (await s.inject({ url, headers: TOKEN })).json()
  t.same(await list(), [{ ID: 1, Name: 'Gold', Archived: false }])
  await s.inject({ method: 'POST', url: P, headers: TOKEN, payload: { Name: 'Gold Plus' } })
  t.same(await list(), [{ ID: 67, Name: 'Gold Plus', Archived: false }, { ID: 1, Name: 'Gold', Archived: false }], 'after a create')
  await s.inject({ method: 'PATCH', url: `${P}/67`, headers: TOKEN, payload: { Archived: true } })
  t.same(await list(), [{ ID: 67, Name: 'Gold Plus', Archived: true }, { ID: 1, Name: 'Gold', Archived: false }], 'after an update')
  await s.inject({ method: 'DELETE', url: `${P}/1`, headers: TOKEN })
  t.same(await list(), [{ ID: 67, Name: 'Gold Plus', Archived: true }], 'after a delete')
  t.same((await s.inject({ url })).json(), [{ ID: 1, Name: 'Gold', Archived: false }], 'the shared data set is another view')
  for (let i = 0; i < 1100; i++) await s.app.inject({ url: `${P}?ID=ne(${i})`, headers: TOKEN })
  t.same(await list(), [{ ID: 67, Name: 'Gold Plus', Archived: true }], 'rebuilt after its view was evicted')
  await s.app.inject({ method: 'POST', url: '/__sandbox/reset?api=simpro', headers: TOKEN })
  t.same(await list(), [{ ID: 1, Name: 'Gold', Archived: false }], 'after a reset')
})
