// Issue 14: forced answers carry the declared media type, a body for it and every declared
// header; `dynamic=true` makes a new body per call, reproducible under --seed.
import t from 'tap'
import { WM_HEADERS, sandbox } from './helpers.js'

const AUTHORIZE = '/authCode/oauth2/authorize'
const LOGIN = 'response_type=code&client_id=citi-sandbox-client&scope=customers_profiles&redirect_uri=http%3A%2F%2F127.0.0.1%3A3000%2Fcallback&state=xyz'
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const PROFILES = '/api/v1/customers/104127993008/profiles'

t.test("Citi's login page: a forced 200 is text/html with a page, a forced 302 carries Location", async (t) => {
  const s = await sandbox(t)
  for (const prefer of ['code=200', 'dynamic=true']) {
    const get = await s.inject({ url: `${AUTHORIZE}?${LOGIN}`, headers: { prefer } })
    t.equal(get.statusCode, 200, prefer)
    t.match(get.headers['content-type'], /^text\/html/, prefer)
    t.match(get.body, /^<!doctype html>.*<\/html>$/s, prefer)
  }
  const post = await s.inject({ method: 'POST', url: AUTHORIZE, headers: { ...FORM, prefer: 'code=200' }, payload: 'login_token=x&username=SandboxUser1&password=x' })
  t.equal(post.statusCode, 200)
  t.match(post.headers['content-type'], /^text\/html/)
  const redirect = await s.inject({ method: 'POST', url: AUTHORIZE, headers: { ...FORM, prefer: 'code=302' }, payload: 'login_token=x&username=SandboxUser1&password=x' })
  t.equal(redirect.statusCode, 302)
  t.equal(redirect.headers.location, 'http://127.0.0.1:3000/callback?code=Vb6hQ0yWmS8gXc2nTt0m1Rk3aFz9Lp4E&state=xyz', "the spec's example")
  t.equal(redirect.body, '')
})

t.test('simPRO: a forced 201 and 200 carry the required Location and Result-* headers', async (t) => {
  const s = await sandbox(t)
  const url = '/api/v1.0/companies/0/setup/customerProfiles/'
  const created = await s.inject({ method: 'POST', url, headers: { prefer: 'code=201' }, payload: { Name: 'Forced' } })
  t.equal(created.statusCode, 201)
  t.type(created.headers.location, 'string')
  t.same(created.json(), { ID: 67, Name: 'Gold Plus', Archived: false })
  const listed = await s.inject({ url, headers: { prefer: 'dynamic=true' } })
  t.equal(listed.statusCode, 200)
  t.match(listed.headers['result-total'], /^\d+$/)
  t.match(listed.headers['result-pages'], /^\d+$/)
})

t.test('dynamic=true answers a new body per call, the same sequence under one --seed', async (t) => {
  const run = async (seed?: number): Promise<string[]> => {
    const s = await sandbox(t, seed === undefined ? {} : { seed })
    const bodies: string[] = []
    for (let i = 0; i < 4; i++) {
      const res = await s.inject({ url: PROFILES, headers: { ...WM_HEADERS, prefer: 'dynamic=true' } })
      t.equal(res.statusCode, 200)
      t.ok(Array.isArray(res.json().profiles))
      bodies.push(res.body)
    }
    return bodies
  }
  const first = await run(42)
  t.equal(new Set(first).size, 4, 'four calls, four bodies')
  t.same(await run(42), first, 'the same seed, the same bodies')
  t.not((await run(43))[0], first[0], 'another seed, another body')
  t.equal(new Set([...(await run()), ...(await run())]).size, 8, 'without a seed, every body differs between processes too')
})
