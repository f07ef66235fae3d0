import t from 'tap'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { buildServer, defaultOptions } from '../src/server.js'
import { sandbox, UUID } from './helpers.js'
import { copyProject, edit, withPlaygroundExtensions } from './playground/project-copy.js'

const ADMIN = 'docs-admin-token'
const boot = (specsDir: string, fixturesDir: string) =>
  buildServer({ specsDir, fixturesDir, inMemory: true, logLevel: 'silent' })

t.test('/docs lists every API with its base path, seed, operations and spec downloads', async (t) => {
  const s = await sandbox(t)
  const res = await s.app.inject({ url: '/docs' })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/html/)
  const html = res.body
  t.match(html, '<html lang="en">')
  t.match(html, /<a href="\/docs\/ui\/\?urls\.primaryName=WM%20Customer%20Profiles" data-api="wm">WM Customer Profiles<\/a>/)
  t.match(html, /<a href="\/docs\/ui\/\?urls\.primaryName=IMIconnect%20Customer%20Profile" data-api="imiconnect">/)
  t.match(html, '<code>/api/v1/customers</code>')
  t.match(html, '<code>/resources/v1/customerprofile</code>')
  t.match(html, 'WM\'s &quot;Profiles&quot; page<br><code>000_f19d842f2a5d46bc.txt</code>')
  t.match(html, '<code>000_f19d842f2a5d46bc.txt</code>')
  t.match(html, '<code>001_6861377614c02215.txt</code>')
  t.match(html, /<td><code>wm<\/code><\/td>\n<td>1\.0<\/td>\n<td><code>\/api\/v1\/customers<\/code><\/td>\n<td>[^\n]+<\/td>\n<td>2<\/td>/)
  t.match(html, '<a href="/docs/wm.yaml">YAML</a> · <a href="/docs/wm.json">JSON</a>')
})

t.test('/docs shows the demo credentials, the token note and the scenario catalogue', async (t) => {
  const s = await sandbox(t)
  const html = (await s.app.inject({ url: '/docs' })).body
  t.match(html, 'username <code>ocsuser</code><br>password <code>ocsuser</code>')
  t.match(html, 'username <code>ocsuser2</code><br>password <code>ocsuser2</code>')
  t.match(html, '<code>profileKey</code>: header <code>key</code></td>\n<td>key <code>imi-sandbox-key</code>')
  t.match(html, /<h3>Asseco SEE Party Profile: <code>oauth<\/code>, clientCredentials<\/h3>\n<p>Token endpoint <code>POST [^<]*\/v1\/authentication\/connect\/token<\/code>/)
  t.match(html, "-u 'asseco-sandbox-client:asseco-sandbox-secret'")
  t.match(html, '<td>getCustomerProfiles (GET /api/v1/customers/{customerId}/profiles)</td><td><code>path customerId = 000000000500</code></td><td>500 Source not configured</td>')
  t.match(html, '<td><code>path customerid = 7006</code></td><td>500 ')
})

t.test('/docs loads nothing from another host and prefetches Swagger UI from this one', async (t) => {
  const s = await sandbox(t)
  const html = (await s.app.inject({ url: '/docs' })).body
  t.notMatch(html, /(src|href)="(https?:)?\/\//, 'no asset or link points to another host')
  t.match(html, '<link rel="prefetch" href="/docs/ui/static/swagger-ui-bundle.js">')
  for (const asset of ['swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'swagger-ui.css', 'theme/playground.js', 'swagger-initializer.js']) {
    const res = await s.app.inject({ url: `/docs/ui/static/${asset}` })
    t.equal(res.statusCode, 200, `${asset} is served locally`)
    t.equal(res.headers['cache-control'], 'public, max-age=600', `${asset} may be kept for 10 minutes`)
  }
  const ui = await s.app.inject({ url: '/docs/ui/' })
  t.equal(ui.statusCode, 200)
  t.notMatch(ui.body, /(src|href)="(https?:)?\/\//, 'Swagger UI\'s page loads only local assets')
  t.match(ui.body, '<title>profile-sandbox playground</title>')
})

t.test('the spec files download as they are: YAML byte for byte, JSON the same document', async (t) => {
  const s = await sandbox(t)
  for (const [id, file] of [['wm', 'wm-profiles.yaml'], ['imiconnect', 'imiconnect-customer-profile.yaml']] as const) {
    const text = await readFile(join(defaultOptions.specsDir, file), 'utf8')
    const yaml = await s.app.inject({ url: `/docs/${id}.yaml` })
    t.equal(yaml.statusCode, 200)
    t.match(yaml.headers['content-type'], /^application\/yaml/)
    t.equal(yaml.headers['content-disposition'], `inline; filename="${file}"`)
    t.equal(yaml.body, text, `${file} is served unchanged`)
    const json = await s.app.inject({ url: `/docs/${id}.json` })
    t.match(json.headers['content-type'], /^application\/json/)
    t.same(JSON.parse(json.body), parseYaml(text), `/docs/${id}.json is ${file} as JSON`)
  }
})

t.test('Swagger UI loads each API\'s spec with this sandbox as its server and the demo credentials in its dialog', async (t) => {
  const s = await sandbox(t)
  const res = await s.app.inject({ url: '/docs/wm/openapi.json' })
  t.equal(res.statusCode, 200)
  const doc = JSON.parse(res.body)
  t.same(doc.servers, [{ url: '/', description: 'this sandbox (the address this page came from)' }])
  t.match(doc.components.securitySchemes.basicAuth.description, /\*\*Sandbox demo credentials\*\*[^]*- username `ocsuser`, password `ocsuser` \(tenant `ocsuser`\)\n- username `ocsuser2`/)
  t.same(doc['x-sandbox-playground'], {}, 'no OAuth client to pre-fill for WM')
  const own = Object.fromEntries(Object.entries(doc.paths as Record<string, unknown>).filter(([path]) => !path.startsWith('/__sandbox/')))
  t.same(own, parseYaml(await readFile(join(defaultOptions.specsDir, 'wm-profiles.yaml'), 'utf8')).paths, 'the operations are the spec\'s own')
  t.same(Object.keys(doc.paths).filter((path) => path.startsWith('/__sandbox/')), ['/__sandbox/plans', '/__sandbox/plans/{id}'], 'besides them, only the caller\'s runtime plans')
  t.same(doc.paths['/__sandbox/plans'].get.security, [{ basicAuth: [] }], 'tried with the credential signed in')

  const init = (await s.app.inject({ url: '/docs/ui/static/swagger-initializer.js' })).body
  const apis = (await s.app.inject({ url: '/__sandbox/health' })).json().apis as Array<{ id: string, title: string }>
  t.ok(apis.length >= 2)
  t.match(init, `"urls":${JSON.stringify(apis.map((a) => ({ url: `/docs/${a.id}/openapi.json`, name: a.title })))}`, 'every API, in the order of their spec files')
  t.match(init, 'window.sandboxPlayground.intercept(request)')
  t.match(init, 'SwaggerUIBundle.plugins.DownloadUrl(system)')
})

t.test('/docs/<api> leads to the API\'s reference; unknown docs paths answer the sandbox\'s 404', async (t) => {
  const s = await sandbox(t)
  const res = await s.app.inject({ url: '/docs/imiconnect' })
  t.equal(res.statusCode, 302)
  t.equal(res.headers.location, '/docs/ui/?urls.primaryName=IMIconnect%20Customer%20Profile')
  const missing = await s.app.inject({ url: '/docs/nope.yaml' })
  t.equal(missing.statusCode, 404)
  t.same(JSON.parse(missing.body), { problem: 'unknown-route', title: 'Not Found', message: 'no API is served at /docs/nope.yaml' })
})

t.test('docs requests stay out of the request journal', async (t) => {
  const s = await sandbox(t, { adminToken: ADMIN })
  await s.app.inject({ url: '/docs' })
  await s.app.inject({ url: '/docs/wm.yaml' })
  await s.app.inject({ url: '/docs/ui/static/index.css' })
  const journal = await s.app.inject({ url: '/__sandbox/requests', headers: { 'x-sandbox-admin-token': ADMIN } })
  t.equal(JSON.parse(journal.body).count, 0)
})

t.test('an OAuth scheme gets a token section, a relative token URL and its demo client pre-filled; only demo credentials show', async (t) => {
  const { specs, fixtures } = await copyProject(t)
  await withPlaygroundExtensions(specs, fixtures)
  const app = await boot(specs, fixtures)
  t.teardown(() => app.close())
  const html = (await app.inject({ url: '/docs', headers: { host: 'sandbox.test:9000' } })).body
  t.match(html, 'Token endpoint <code>POST http://127.0.0.1:8080/oauth/token</code>; scopes <code>profiles</code>.')
  t.match(html, "curl -s -X POST 'http://127.0.0.1:8080/oauth/token'")
  t.match(html, "-u 'partner-demo-client:partner-demo-secret'")
  t.match(html, "-d grant_type=client_credentials \\\n  -d 'scope=profiles'")
  t.match(html, 'client_id <code>partner-demo-client</code><br>client_secret <code>partner-demo-secret</code>')
  t.notMatch(html, 'partner-private-client', 'a credential not marked demo is not shown')
  t.notMatch(html, 'do-not-show')

  const doc = JSON.parse((await app.inject({ url: '/docs/wm/openapi.json' })).body)
  const scheme = doc.components.securitySchemes.partnerOAuth
  t.equal(scheme.flows.clientCredentials.tokenUrl, '/oauth/token', 'a token URL on the spec\'s server becomes a path on this sandbox')
  t.match(scheme.description, '- client_id `partner-demo-client`, client_secret `partner-demo-secret` (tenant `partner`)')
  t.notMatch(scheme.description, 'private')
  t.same(doc['x-sandbox-playground'], { oauth: { clientId: 'partner-demo-client', clientSecret: 'partner-demo-secret', scopes: ['profiles'] } })
})

t.test('a relative token URL is shown on the address the page was asked on', async (t) => {
  const { specs, fixtures } = await copyProject(t)
  await withPlaygroundExtensions(specs, fixtures)
  await edit(join(specs, 'wm-profiles.yaml'), 'tokenUrl: http://127.0.0.1:8080/oauth/token', 'tokenUrl: /oauth/token')
  const app = await boot(specs, fixtures)
  t.teardown(() => app.close())
  const html = (await app.inject({ url: '/docs', headers: { host: 'sandbox.test:9000' } })).body
  t.match(html, "curl -s -X POST 'http://sandbox.test:9000/oauth/token'")
})

t.test('x-sandbox-prefill: uuid gives the header a UUID placeholder that the playground replaces per request', async (t) => {
  const { specs, fixtures } = await copyProject(t)
  await withPlaygroundExtensions(specs, fixtures)
  const app = await boot(specs, fixtures)
  t.teardown(() => app.close())
  const doc = JSON.parse((await app.inject({ url: '/docs/wm/openapi.json' })).body)
  const placeholder = doc.components.parameters.RequestTrackingId.example
  t.match(placeholder, UUID)
  t.match(doc.components.parameters.RequestTrackingId.description, /\n\nThe playground sends a fresh UUID on every request in place of the placeholder shown/)
  const script = (await app.inject({ url: '/docs/ui/static/theme/playground.js' })).body
  t.match(script, `var placeholders = {"${placeholder}":"uuid"};`)
})

t.test('a bad x-sandbox-prefill fails the boot naming the file and the parameter', async (t) => {
  const { specs, fixtures } = await copyProject(t)
  await withPlaygroundExtensions(specs, fixtures)
  await edit(join(specs, 'wm-profiles.yaml'), 'x-sandbox-prefill: uuid', 'x-sandbox-prefill: guid')
  await t.rejects(boot(specs, fixtures), /spec wm-profiles\.yaml: parameter Request-Tracking-Id: x-sandbox-prefill "guid" is not one of: uuid/)

  const again = await copyProject(t)
  await edit(join(again.specs, 'wm-profiles.yaml'), `      name: customerId
      in: path
`, `      name: customerId
      in: path
      x-sandbox-prefill: uuid
`)
  await t.rejects(boot(again.specs, again.fixtures), /spec wm-profiles\.yaml: parameter customerId: x-sandbox-prefill is only for header parameters/)
})

t.test('a malformed x-sandbox.seed fails the boot naming the file', async (t) => {
  const { specs, fixtures } = await copyProject(t)
  await edit(join(specs, 'wm-profiles.yaml'), `  seed:
    file: 000_f19d842f2a5d46bc.txt
`, `  seed: 000_f19d842f2a5d46bc.txt
  unused:
    file: x
`)
  await t.rejects(boot(specs, fixtures), /spec wm-profiles\.yaml: x-sandbox\.seed must be \{file, title\}/)
})
