import t from 'tap'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { UUID, sandbox } from './helpers.js'
import { CLIENT_2, GUIDE_COMMAND, SINGLE, URL_314, answers, bearer, list } from './asseco-helpers.js'

t.test('GET answers the party\'s contact preferences as a bare array (the guide\'s step 3)', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: URL_314, headers: await bearer(s) })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.ok(Array.isArray(body))
  t.same(body[0], {
    'id': '5f0c6a6e-2b1d-4c51-9a3e-8c1f0d2b7a11',
    'contact-preference-id': 1,
    'contact-id': 3141,
    'party-id': '314',
    'arrangement-number': 'MK07250120000058984',
    'preferred-language': 'en',
    'contact-purpose': 'servicing',
    'start-date': '2015-08-03T00:00:00.000Z',
    'end-date': null,
    'opt-ins': ['account-statements', 'card-alerts'],
    'opt-outs': ['partner-offers'],
  })
  t.same(body.map((p: { 'contact-preference-id': number }) => p['contact-preference-id']), [1, 2])
})

t.test('a party without preferences answers an empty array', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: '/party-profile/individual-profiles/315/contact-preference', headers: await bearer(s) })
  answers(t, res, 200, [])
})

t.test('the guide\'s array body (step 4, with its trailing slash) answers 201 with an array, and GET shows it last', async (t) => {
  const s = await sandbox(t)
  const headers = await bearer(s)
  const res = await s.inject({ method: 'POST', url: `${URL_314}/`, headers, payload: [GUIDE_COMMAND] })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.match(body, [{ 'id': UUID, 'record-status': 'created' }])
  t.equal(body.length, 1)
  const after = await list(s, headers)
  t.equal(after.length, 3)
  t.same(after[2], { ...GUIDE_COMMAND, 'id': body[0].id, 'party-id': '314' }, 'the path\'s party decides')
})

t.test('one command answers 201 with one record status; the sandbox gives the id and the next preference number', async (t) => {
  const s = await sandbox(t)
  const headers = await bearer(s)
  const res = await s.inject({ method: 'POST', url: URL_314, headers, payload: SINGLE })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.same(Object.keys(body), ['id', 'record-status'])
  t.match(body, { 'id': UUID, 'record-status': 'created' })
  const stored = (await list(s, headers)).at(-1)
  t.same(stored, {
    ...SINGLE, 'id': body.id, 'contact-preference-id': 4, 'party-id': '314', 'opt-outs': [],
  })
})

t.test('an array of several commands answers one record status each, in order', async (t) => {
  const s = await sandbox(t)
  const headers = await bearer(s)
  const commands = [SINGLE, { ...SINGLE, 'id': 'pref-b', 'contact-purpose': 'billing' }, { ...SINGLE, 'contact-purpose': 'security', 'end-date': null }]
  const res = await s.inject({ method: 'POST', url: '/party-profile/individual-profiles/316/contact-preference', headers, payload: commands })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.equal(body.length, 3)
  t.equal(body[1].id, 'pref-b')
  const stored = await list(s, headers, '/party-profile/individual-profiles/316/contact-preference')
  t.same(stored.map((p) => [p.id, p['contact-purpose'], p['contact-preference-id']]),
    [[body[0].id, 'servicing', 4], ['pref-b', 'billing', 5], [body[2].id, 'security', 6]])
})

t.test('every request body example of the spec works as-is, twice', async (t) => {
  const s = await sandbox(t)
  const headers = await bearer(s)
  const spec = parse(await readFile(new URL('../specs/asseco-party-profile.yaml', import.meta.url), 'utf8'))
  const examples = Object.entries(spec.components.requestBodies.RegisterContactPreference.content['application/json'].examples as Record<string, { value: unknown }>)
  t.ok(examples.length >= 2)
  for (const [name, { value }] of examples) {
    for (const round of [1, 2]) {
      const res = await s.inject({ method: 'POST', url: URL_314, headers, payload: value as object })
      t.equal(res.statusCode, 201, `${name} #${round}`)
      t.equal(Array.isArray(res.json()), Array.isArray(value), `${name}: an array answers an array`)
    }
  }
  t.equal((await list(s, headers)).length, 2 + 2 * examples.length)
})

t.test('the plural path is an alias for GET and POST', async (t) => {
  const s = await sandbox(t)
  const headers = await bearer(s)
  const res = await s.inject({ method: 'POST', url: `${URL_314}s`, headers, payload: SINGLE })
  t.equal(res.statusCode, 201)
  t.same(await list(s, headers, `${URL_314}s`), await list(s, headers))
  t.equal((await list(s, headers)).length, 3)
})

t.test('what one demo client registers is invisible to the other', async (t) => {
  const s = await sandbox(t)
  const first = await bearer(s)
  const second = await bearer(s, CLIENT_2)
  const mine = { ...GUIDE_COMMAND, id: 'client-chosen-1' }
  await s.inject({ method: 'POST', url: URL_314, headers: first, payload: [mine] })
  t.equal((await list(s, first)).length, 3)
  t.equal((await list(s, second)).length, 2, 'the second client sees the data set only')
  const again = await s.inject({ method: 'POST', url: URL_314, headers: second, payload: [mine] })
  t.equal(again.statusCode, 201, 'the id is free in the second client\'s data')
  t.equal((await list(s, second)).length, 3)
})


t.test('registered preferences persist across a restart in the tenant\'s file; tokens do not', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-asseco-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const first = await sandbox(t, { inMemory: false, dataDir: dir })
  const headers = await bearer(first)
  t.equal((await first.inject({ method: 'POST', url: URL_314, headers, payload: { ...SINGLE, id: 'kept-1' } })).statusCode, 201)
  await first.app.close()
  const again = await sandbox(t, { inMemory: false, dataDir: dir })
  t.equal((await again.inject({ url: URL_314, headers })).statusCode, 401, 'tokens live in memory: a restart forgets them')
  const after = await list(again, await bearer(again))
  t.same(after.map((p) => p.id), ['5f0c6a6e-2b1d-4c51-9a3e-8c1f0d2b7a11', '7d2e9b40-61a8-4f0e-b6d5-2a9c4e3f8b22', 'kept-1'])
})
