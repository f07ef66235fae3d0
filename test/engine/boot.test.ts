import t from 'tap'
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildServer, defaultOptions } from '../../src/server.js'
import { dialects } from '../../src/dialects/index.js'
import { copyProject, edit } from '../playground/project-copy.js'

const boot = (specsDir: string, fixturesDir: string) =>
  buildServer({ specsDir, fixturesDir, inMemory: true, logLevel: 'silent' })

t.test('an unresolvable x-sandbox-handler fails the boot naming it', async (t) => {
  const { specs, fixtures } = await copyProject(t)
  await edit(join(specs, 'wm-profiles.yaml'), 'x-sandbox-handler: createTicket', 'x-sandbox-handler: raiseTicket')
  await t.rejects(boot(specs, fixtures), /wm-profiles\.yaml: createTicket names x-sandbox-handler "raiseTicket", which is neither a behaviour of wm \(createTicket\) nor a generic kind \(get, list, create, replace, patch, delete, answer\)/)
})

t.test('a generic get without x-sandbox-collection fails the boot naming the operation', async (t) => {
  const { specs, fixtures } = await copyProject(t)
  await edit(join(specs, 'wm-profiles.yaml'), 'x-sandbox-collection: customers', 'x-sandbox-nothing: customers')
  await t.rejects(boot(specs, fixtures), /wm-profiles\.yaml: getCustomerProfiles needs x-sandbox-collection/)
})

t.test('an invalid spec fails the boot naming the file', async (t) => {
  const { specs, fixtures } = await copyProject(t)
  await edit(join(specs, 'imiconnect-customer-profile.yaml'), "      operationId: getCustomerProfile\n", "      operationId: getCustomerProfile\n      responses: 12\n")
  await t.rejects(boot(specs, fixtures), /spec imiconnect-customer-profile\.yaml: /)
})

t.test('a spec that is not YAML fails the boot naming the file', async (t) => {
  const { specs, fixtures } = await copyProject(t)
  await writeFile(join(specs, 'broken.yaml'), 'openapi: [3.1\n')
  await t.rejects(boot(specs, fixtures), /spec broken\.yaml: cannot be read as YAML/)
})

t.test('an OpenAPI version other than 3.0 and 3.1 is refused', async (t) => {
  const { specs, fixtures } = await copyProject(t)
  await edit(join(specs, 'wm-profiles.yaml'), 'openapi: 3.1.0', 'openapi: 3.2.0')
  await t.rejects(boot(specs, fixtures), /spec wm-profiles\.yaml: is OpenAPI 3\.2\.0; 3\.0 or 3\.1 is required/)
})

t.test('an unknown dialect fails the boot listing the known ones', async (t) => {
  const { specs, fixtures } = await copyProject(t)
  await edit(join(specs, 'wm-profiles.yaml'), '  dialect: wm', '  dialect: waste')
  await t.rejects(boot(specs, fixtures), { message: `spec wm-profiles.yaml: x-sandbox.dialect "waste" is not one of: ${[...dialects.keys()].join(', ')}` })
})

t.test('two specs with one prefix fail the boot', async (t) => {
  const { specs, fixtures } = await copyProject(t)
  await cp(join(specs, 'wm-profiles.yaml'), join(specs, 'wm-copy.yaml'))
  await edit(join(specs, 'wm-copy.yaml'), '  id: wm', '  id: wm-copy')
  await t.rejects(boot(specs, fixtures), /spec wm-profiles\.yaml: path prefix \/api\/v1\/customers is already served by wm-copy\.yaml/)
})

t.test('an unsupported security scheme fails the boot naming it', async (t) => {
  const { specs, fixtures } = await copyProject(t)
  await edit(join(specs, 'wm-profiles.yaml'), '      scheme: basic', '      scheme: digest')
  await t.rejects(boot(specs, fixtures), /wm-profiles\.yaml: security scheme basicAuth \(http:digest\) is not supported/)
})

t.test('a scenario for an unknown operation fails the boot', async (t) => {
  const { specs, fixtures } = await copyProject(t)
  await edit(join(fixtures, 'wm', 'scenarios.json'), '"operationId": "createTicket"', '"operationId": "deleteTicket"')
  await t.rejects(boot(specs, fixtures), /fixture wm\/scenarios\.json entry 1: operationId "deleteTicket" is not in the spec/)
})

t.test('a missing specs folder fails the boot naming it', async (t) => {
  await t.rejects(boot('/nonexistent/specs', defaultOptions.fixturesDir), /spec \/nonexistent\/specs: the specs folder cannot be read \(ENOENT\)/)
})

t.test('a bad log level fails the build', async (t) => {
  await t.rejects(buildServer({ logLevel: 'loud' as never }), /log level "loud" is not one of/)
})

t.test('a data folder that cannot be created fails the build', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-file-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  await writeFile(join(dir, 'file'), 'x')
  await t.rejects(buildServer({ dataDir: join(dir, 'file', 'data'), logLevel: 'silent' }), /data folder .* cannot be created \(ENOTDIR\)/)
})

t.test('a short admin token or an oversized journal fails the build', async (t) => {
  await t.rejects(buildServer({ adminToken: 'short', logLevel: 'silent', inMemory: true }), /the admin token must be at least 8 characters/)
  await t.rejects(buildServer({ journalSize: 1e9, logLevel: 'silent', inMemory: true }), /journal size must be a whole number from 0 to 100000/)
})
