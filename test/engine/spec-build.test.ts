import t, { type Test } from 'tap'
import { appendFile, cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { buildSpecs } from '../../src/build/specs.js'
import { MANIFEST, docFile, type BuildManifest } from '../../src/spec/built.js'
import { validatorKey } from '../../src/spec/route-keys.js'
import { loadApis } from '../../src/spec/source.js'
import { buildServer, defaultOptions } from '../../src/server.js'
import { WM_HEADERS, basic } from '../helpers.js'

const SPECS = defaultOptions.specsDir

async function tempDir (t: Test, name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `sandbox-${name}-`))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** A build of the bundled specs, once for the file: every test reads it, a test that changes it copies it. */
const buildRoot = await mkdtemp(join(tmpdir(), 'sandbox-spec-build-'))
t.teardown(() => rm(buildRoot, { recursive: true, force: true }))
const BUILD = join(buildRoot, 'compiled')
const summary = await buildSpecs(SPECS, BUILD)
const manifest = JSON.parse(await readFile(join(BUILD, MANIFEST), 'utf8')) as BuildManifest

async function boot (t: Test, buildDir: string, specsDir = SPECS): Promise<FastifyInstance> {
  const app = await buildServer({ specsDir, buildDir, inMemory: true, logLevel: 'silent', seed: 7 })
  t.teardown(() => app.close())
  return app
}

t.test('the build holds every spec by content hash, a validator per request part and a serializer per response', async (t) => {
  t.same(summary.specs, 5)
  t.same(manifest.specs.map((s) => s.file), ['asseco-party-profile.yaml', 'citi-au-customers.yaml', 'imiconnect-customer-profile.yaml', 'simpro-customer-profiles.yaml', 'wm-profiles.yaml'])
  for (const spec of manifest.specs) t.match(spec.sha256, /^[0-9a-f]{64}$/)
  t.ok(manifest.validators[validatorKey('GET', '/api/v1/customers/:customerId/profiles', 'headers')], 'WM\'s header validator')
  t.equal(Object.keys(manifest.validators).length, summary.validators)
  t.equal(Object.keys(manifest.serializers).length, summary.serializers)
  t.ok(summary.serializers > summary.validators, 'several statuses per operation')
})

t.test('a start from the bundled specs uses the build: no note, the build\'s validators and serializers', async (t) => {
  const loaded = await loadApis(SPECS, BUILD)
  t.equal(loaded.note, undefined)
  t.ok(loaded.prebuilt)
  t.same(loaded.apis.map((a) => a.id), ['asseco', 'citi', 'imiconnect', 'simpro', 'wm'])
})

t.test('the server reads the build\'s documents and validators, not the YAML: a changed build shows', async (t) => {
  const dir = join(await tempDir(t, 'tampered-build'), 'compiled')
  await cp(BUILD, dir, { recursive: true })
  // The build's own copy of the WM document and its header validator, changed (the YAML is not).
  const doc = join(dir, docFile('wm-profiles.yaml'))
  await writeFile(doc, (await readFile(doc, 'utf8')).replace('"title":"WM Customer Profiles"', '"title":"WM (from the build)"'))
  const validator = manifest.validators[validatorKey('GET', '/api/v1/customers/:customerId/profiles', 'headers')]!
  await appendFile(join(dir, validator), `\nmodule.exports = function v () { v.errors = [{ instancePath: '', schemaPath: '#/required', keyword: 'required', params: { missingProperty: 'x-from-the-build' }, message: 'must have it' }]; return false }\n`)

  const app = await boot(t, dir)
  const health = await app.inject({ url: '/__sandbox/health' })
  t.equal(health.statusCode, 200)
  t.match(health.json().apis, [{ id: 'asseco' }, { id: 'citi' }, { id: 'imiconnect' }, { id: 'simpro' }, { id: 'wm', title: 'WM (from the build)' }])
  const res = await app.inject({ url: '/api/v1/customers/104127993008/profiles', headers: WM_HEADERS })
  t.equal(res.statusCode, 400)
  t.same(res.json(), { error: { code: '400', message: 'Bad Request', errors: [{ message: 'header \'x-from-the-build\' is required' }] }, request_tracking_id: '12345' })
})

/** Values that differ between two servers by design (issued tokens, per-response ids) replaced by their kind. */
function comparable (text: string): unknown {
  if (text === '') return ''
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return text
  }
  return JSON.parse(JSON.stringify(body, (key, value: unknown) =>
    ['access_token', 'refresh_token', 'transid'].includes(key) ? `<${key}>` : value))
}

const citiClient = basic('citi-sandbox-client', 'citi-sandbox-secret')
const ticket = {
  customer_id: '156714543005', reason_code: 'RES', reason: 'Resume Service', dispatch_date_time: '2016-03-22T11:50:35.000Z',
  service: { id: 1, code: '6FL', description: '6 Yard FEL' }, requestor_info: { name: 'TESTMAN1', phone: '9874564566', email: 'abc@wm.com' }, assigned_to_user: 'CSR1',
}
const form = { 'content-type': 'application/x-www-form-urlencoded' }
const { profileid: _profileId, ...withoutProfileId } = WM_HEADERS

/** Requests whose validation (and answers) must not depend on where the validators were compiled. */
const TABLE: Array<{ name: string, request: InjectOptions, status: number }> = [
  { name: 'WM sample read', request: { url: '/api/v1/customers/104127993008/profiles', headers: WM_HEADERS }, status: 200 },
  { name: 'WM read without ProfileId', request: { url: '/api/v1/customers/104127993008/profiles', headers: withoutProfileId }, status: 400 },
  { name: 'WM HEAD without ProfileId', request: { method: 'HEAD', url: '/api/v1/customers/104127993008/profiles', headers: withoutProfileId }, status: 400 },
  { name: 'WM read with a malformed ProfileId', request: { url: '/api/v1/customers/104127993008/profiles', headers: { ...WM_HEADERS, profileid: 'eBiz' } }, status: 400 },
  { name: 'WM ticket', request: { method: 'POST', url: '/api/v1/customers/156714543005/tickets', headers: WM_HEADERS, payload: ticket }, status: 200 },
  { name: 'WM ticket without reason_code', request: { method: 'POST', url: '/api/v1/customers/156714543005/tickets', headers: WM_HEADERS, payload: { ...ticket, reason_code: undefined } }, status: 400 },
  { name: 'WM ticket with a number for a text', request: { method: 'POST', url: '/api/v1/customers/156714543005/tickets', headers: WM_HEADERS, payload: { ...ticket, reason: 12 } }, status: 400 },
  { name: 'WM ticket with a text for a number', request: { method: 'POST', url: '/api/v1/customers/156714543005/tickets', headers: WM_HEADERS, payload: { ...ticket, service: { ...ticket.service, id: '1' } } }, status: 400 },
  { name: 'IMIconnect read', request: { url: '/resources/v1/customerprofile/4545?showinwardlinks=2', headers: { key: 'imi-sandbox-key' } }, status: 200 },
  { name: 'IMIconnect read, level out of its enum', request: { url: '/resources/v1/customerprofile/4545?showinwardlinks=7', headers: { key: 'imi-sandbox-key' } }, status: 400 },
  { name: 'IMIconnect read, level not a number', request: { url: '/resources/v1/customerprofile/4545?showinwardlinks=two', headers: { key: 'imi-sandbox-key' } }, status: 400 },
  { name: 'IMIconnect several ids (a query array, coerced)', request: { url: '/resources/v1/customerprofile?customerId=2134&customerId=2142&showinwardlinks=0', headers: { key: 'imi-sandbox-key' } }, status: 200 },
  { name: 'IMIconnect one id for the list (coerced to an array)', request: { url: '/resources/v1/customerprofile?customerId=2134', headers: { key: 'imi-sandbox-key' } }, status: 200 },
  { name: 'IMIconnect list without an id', request: { url: '/resources/v1/customerprofile?showinwardlinks=0', headers: { key: 'imi-sandbox-key' } }, status: 400 },
  { name: 'simPRO paged list', request: { url: '/api/v1.0/companies/0/setup/customerProfiles/?pageSize=2&page=2&orderby=-Name' }, status: 200 },
  { name: 'simPRO page size not a number', request: { url: '/api/v1.0/companies/0/setup/customerProfiles/?pageSize=many' }, status: 422 },
  { name: 'simPRO company id not a number', request: { url: '/api/v1.0/companies/zero/setup/customerProfiles/' }, status: 422 },
  { name: 'simPRO create', request: { method: 'POST', url: '/api/v1.0/companies/0/setup/customerProfiles/', payload: { Name: 'Gold Plus' } }, status: 201 },
  { name: 'simPRO create with a number for Name', request: { method: 'POST', url: '/api/v1.0/companies/0/setup/customerProfiles/', payload: { Name: 5 } }, status: 422 },
  { name: 'simPRO create with an unknown field', request: { method: 'POST', url: '/api/v1.0/companies/0/setup/customerProfiles/', payload: { Name: 'X', Colour: 'red' } }, status: 422 },
  { name: 'Asseco token (form body)', request: { method: 'POST', url: '/v1/authentication/connect/token', headers: form, payload: 'grant_type=client_credentials&client_id=asseco-sandbox-client&client_secret=asseco-sandbox-secret' }, status: 200 },
  { name: 'Asseco token without grant_type', request: { method: 'POST', url: '/v1/authentication/connect/token', headers: form, payload: 'client_id=asseco-sandbox-client&client_secret=asseco-sandbox-secret' }, status: 400 },
  { name: 'Asseco profile without a token', request: { url: '/party-profile/individual-profiles/314' }, status: 401 },
  { name: 'Citi token', request: { method: 'POST', url: '/clientCredentials/oauth2/token/au/gcb', headers: { ...form, authorization: citiClient }, payload: 'grant_type=client_credentials&scope=/api' }, status: 200 },
  { name: 'Citi token with an unknown grant type', request: { method: 'POST', url: '/clientCredentials/oauth2/token/au/gcb', headers: { ...form, authorization: citiClient }, payload: 'grant_type=password&scope=/api' }, status: 400 },
  { name: 'Citi profile with a token it never issued', request: { url: '/v1/customers/profiles', headers: { client_id: 'citi-sandbox-client', uuid: '2b3b5a6e-0d1c-4a8f-9e7d-6c5b4a3f2e1d', authorization: 'Bearer nothing' } }, status: 401 },
]

t.test('validation from the build and from compiling at start agree on every request of a table', async (t) => {
  const fromBuild = await boot(t, BUILD)
  const compiled = await boot(t, join(buildRoot, 'no-build-here'))
  for (const row of TABLE) {
    const a = await fromBuild.inject(row.request)
    const b = await compiled.inject(row.request)
    t.equal(a.statusCode, row.status, `${row.name}: ${row.status} from the build`)
    t.equal(b.statusCode, row.status, `${row.name}: ${row.status} compiled at start`)
    t.same(comparable(a.body), comparable(b.body), `${row.name}: the same body`)
    if (row.request.method !== 'HEAD' && row.status >= 400) t.not(a.body, '', `${row.name}: a rejection comes with its envelope`)
  }
})

t.test('a specs folder that differs from the build is compiled at start, with a one-line note', async (t) => {
  const dir = await tempDir(t, 'own-specs')
  const specs = join(dir, 'specs')
  await cp(SPECS, specs, { recursive: true })
  t.notOk((await loadApis(specs, BUILD)).note, 'the same files elsewhere: the build is used')

  const wm = join(specs, 'wm-profiles.yaml')
  await writeFile(wm, (await readFile(wm, 'utf8')).replace('title: WM Customer Profiles', 'title: WM Customer Profiles (own)'))
  const changed = await loadApis(specs, BUILD)
  t.equal(changed.prebuilt, undefined)
  t.equal(changed.note, `the specs in ${specs} are compiled at start (wm-profiles.yaml changed since the build)`)
  t.notMatch(changed.note, /\n/)
  const app = await boot(t, BUILD, specs)
  const health = await app.inject({ url: '/__sandbox/health' })
  t.equal(health.statusCode, 200)
  t.match(health.json().apis, [{}, {}, {}, {}, { id: 'wm', title: 'WM Customer Profiles (own)' }])

  await rename(wm, join(specs, 'wm.yml'))
  t.match((await loadApis(specs, BUILD)).note, /\(wm\.yml is not in the build\)$/)
  await rm(join(specs, 'wm.yml'))
  await cp(join(SPECS, 'wm-profiles.yaml'), wm)
  await rm(join(specs, 'simpro-customer-profiles.yaml'))
  t.match((await loadApis(specs, BUILD)).note, /\(simpro-customer-profiles\.yaml is gone since the build\)$/)
  t.match((await loadApis(SPECS, join(dir, 'nothing'))).note, /\(no build of the specs in .*nothing\)$/)
})

t.test('a build written by other versions of ajv or fast-json-stringify is stale', async (t) => {
  const dir = join(await tempDir(t, 'old-build'), 'compiled')
  await cp(BUILD, dir, { recursive: true })
  await writeFile(join(dir, MANIFEST), JSON.stringify({ ...manifest, generators: { ...manifest.generators, ajv: '0.0.1' } }))
  const loaded = await loadApis(SPECS, dir)
  t.equal(loaded.prebuilt, undefined)
  t.equal(loaded.note, `the specs in ${SPECS} are compiled at start (ajv is ${manifest.generators.ajv} now, 0.0.1 in the build)`)
})

t.test('validator and serializer files gone since the start (a build replaced under the server) are compiled from the schema', async (t) => {
  const dir = join(await tempDir(t, 'replaced-build'), 'compiled')
  await cp(BUILD, dir, { recursive: true })
  const app = await boot(t, dir)
  await rm(join(dir, 'serializers'), { recursive: true })
  await rm(join(dir, 'validators'), { recursive: true })
  const res = await app.inject({ url: '/resources/v1/customerprofile/5002?showinwardlinks=1', headers: { key: 'imi-sandbox-key' } })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { Status: 0, Description: 'success', code: '1000', Records: [{ InwardLinks: [{}] }] })
  const bad = await app.inject({ url: '/resources/v1/customerprofile/5002?showinwardlinks=7', headers: { key: 'imi-sandbox-key' } })
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { Status: 1, Description: 'Invalid attribute value: query parameter \'showinwardlinks\' must be one of: 0, 1, 2', code: '7011' })
})

t.test('a build that cannot compile its specs fails naming the file, and leaves no build behind', async (t) => {
  const dir = await tempDir(t, 'bad-build')
  const specs = join(dir, 'specs')
  await cp(SPECS, specs, { recursive: true })
  const wm = join(specs, 'wm-profiles.yaml')
  await writeFile(wm, (await readFile(wm, 'utf8')).replace('  dialect: wm', '  dialect: waste'))
  await t.rejects(buildSpecs(specs, join(dir, 'compiled')), /spec wm-profiles\.yaml: x-sandbox\.dialect "waste" is not one of/)
  await t.rejects(readFile(join(dir, 'compiled', MANIFEST)), { code: 'ENOENT' })
})
