import t from 'tap'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { WM_HEADERS, sandbox } from './helpers.js'
import { GeneratedCollection, idTemplate } from '../src/store/generated.js'

const IMI = { key: 'imi-sandbox-key' }
const execFileAsync = promisify(execFile)

t.test('--customers adds generated customers that answer like documented ones', async (t) => {
  const s = await sandbox(t, { customers: 1000, seed: 7 })
  const wm = await s.inject({ url: '/api/v1/customers/800000000999/profiles', headers: WM_HEADERS })
  t.equal(wm.statusCode, 200)
  const profiles = wm.json().profiles as Array<{ id: string, email: string, first_name: string }>
  t.ok(profiles.length >= 1 && profiles.length <= 3)
  for (const p of profiles) {
    t.match(p.id, /^800000000999\^\d{8}\|E$/, 'the log-in id carries the customer id')
    t.ok(p.email.includes(p.first_name.toLowerCase().replace(/[^a-z]/g, '').slice(0, 3)), `${p.email} belongs to ${p.first_name}`)
  }
  const imi = await s.inject({ url: '/resources/v1/customerprofile/9000999?showinwardlinks=2', headers: IMI })
  t.equal(imi.statusCode, 200)
  t.same(imi.json().Records[0].Attributes.find((a: { Name: string }) => a.Name === 'customerId').Value, '9000999')
})

t.test('ids past N, and documented ids, stay as they were', async (t) => {
  const s = await sandbox(t, { customers: 1000, seed: 7 })
  t.equal((await s.inject({ url: '/api/v1/customers/800000001001/profiles', headers: WM_HEADERS })).statusCode, 404)
  t.equal((await s.inject({ url: '/api/v1/customers/800000000000/profiles', headers: WM_HEADERS })).statusCode, 404)
  const seed = await s.inject({ url: '/api/v1/customers/104127993008/profiles', headers: WM_HEADERS })
  t.equal(seed.json().profiles[0].first_name, 'JOHN')
})

t.test('the same seed answers identical bytes in two sandboxes; another seed does not', async (t) => {
  const a = await sandbox(t, { customers: 500, seed: 42 })
  const b = await sandbox(t, { customers: 500, seed: 42 })
  const c = await sandbox(t, { customers: 500, seed: 43 })
  for (const [url, headers] of [['/api/v1/customers/800000000321/profiles', WM_HEADERS], ['/resources/v1/customerprofile/9000321?showinwardlinks=2', IMI], ['/resources/v1/customerprofile/nobody', IMI]] as const) {
    const [x, y, z] = await Promise.all([a, b, c].map((s) => s.inject({ url, headers })))
    t.equal(x!.body, y!.body, `${url}: same seed, same bytes`)
    t.not(x!.body, z!.body, `${url}: another seed, other bytes`)
  }
})

t.test('a generated collection lists fixtures first, then generated records, without building them at boot', async (t) => {
  let made = 0
  const collection = new GeneratedCollection(new Map([['a', 1]]), 3, idTemplate('g{index:2}', 3), (index) => { made++; return index * 10 })
  t.equal(made, 0)
  t.equal(collection.size, 4)
  t.same([...collection.entries()], [['a', 1], ['g01', 10], ['g02', 20], ['g03', 30]])
  t.equal(collection.get('g02'), 20)
  t.equal(made, 3, 'made once each, then cached')
  t.equal(collection.get('g04'), undefined)
  t.equal(collection.get('g1'), undefined, 'only the exact id form')
  t.equal(collection.has('g03'), true)
  t.throws(() => idTemplate('x{index:1}', 10), /has room for fewer than 10 ids/)
  t.throws(() => idTemplate('no-index', 10), /must hold one \{index\}/)
})

t.test('bad generation settings fail the build', async (t) => {
  const { buildServer } = await import('../src/server.js')
  await t.rejects(buildServer({ customers: -1, logLevel: 'silent', inMemory: true }), /customers must be a whole number from 0 to 1000000/)
  await t.rejects(buildServer({ customers: 10, seed: 1.5, logLevel: 'silent', inMemory: true }), /seed must be a whole number/)
})

t.test('two processes started with the same seed answer identical bytes', async (t) => {
  const script = fileURLToPath(new URL('./scripts/answers.ts', import.meta.url))
  // The children inherit this process's loader flags, so they run the TypeScript sources as it does.
  const run = async (seed: string) => (await execFileAsync(process.execPath, [...process.execArgv, script, '1000', seed])).stdout
  const [a, b, c] = await Promise.all([run('7'), run('7'), run('8')])
  const lines = a.trim().split('\n').map((line) => JSON.parse(line) as { url: string, status: number })
  t.same(lines.map((l) => l.status), [200, 200, 200, 404], 'the children answered the requests')
  t.equal(a, b, 'same seed, same bytes')
  t.not(a, c, 'another seed, other bytes')
})
