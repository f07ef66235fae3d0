import t from 'tap'
import { webcrypto } from 'node:crypto'
import { runInNewContext } from 'node:vm'
import { playgroundScript } from '../src/docs/playground-script.js'
import { PLACEHOLDERS } from '../src/docs/prefill.js'
import { UUID } from './helpers.js'

interface Playground {
  intercept: (request: { headers?: Record<string, string> }) => { headers?: Record<string, string> }
  plugin: () => { statePlugins: { spec: { wrapActions: { updateJsonSpec: (original: (spec: unknown) => unknown, system: unknown) => (spec: unknown) => unknown } } } }
}

/** The playground script, run as a browser would, with just what it touches. */
function load (window: { sandboxPlayground?: Playground, SwaggerUIBundle?: unknown } = {}): Playground {
  const MutationObserver = class { observe (): void {} }
  runInNewContext(playgroundScript(), { window, crypto: webcrypto, MutationObserver, document: { documentElement: {} }, location: { origin: 'http://127.0.0.1:8080' } })
  return window.sandboxPlayground!
}

t.test("Swagger UI is started with the playground's own OAuth callback, whatever the page URL", async (t) => {
  const started: unknown[] = []
  const bundle = Object.assign((config: unknown) => started.push(config), { presets: { apis: 'apis' } })
  const window: { SwaggerUIBundle?: typeof bundle } = { SwaggerUIBundle: bundle }
  load(window)
  t.not(window.SwaggerUIBundle, bundle, 'wrapped')
  t.same(window.SwaggerUIBundle!.presets, { apis: 'apis' }, 'the presets the initializer reads are still there')
  window.SwaggerUIBundle!({ url: '/x', oauth2RedirectUrl: 'http://127.0.0.1:8080/docs/ui/?urls.primaryName=Citi/./static/oauth2-redirect.html' })
  t.same(started, [{ url: '/x', oauth2RedirectUrl: 'http://127.0.0.1:8080/docs/ui/static/oauth2-redirect.html' }])
})

t.test('the request interceptor sends a fresh UUID in place of the placeholder, and typed values as typed', async (t) => {
  const playground = load()
  const first = playground.intercept({ headers: { uuid: PLACEHOLDERS.uuid, key: 'imi-sandbox-key' } }).headers!
  const second = playground.intercept({ headers: { uuid: PLACEHOLDERS.uuid } }).headers!
  t.match(first.uuid, UUID)
  t.match(first.uuid, /^.{14}4.{4}[89ab]/, 'a version 4 UUID')
  t.not(first.uuid, PLACEHOLDERS.uuid)
  t.not(first.uuid, second.uuid, 'fresh for every request')
  t.equal(first.key, 'imi-sandbox-key', 'other headers are left alone')
  t.same(playground.intercept({ headers: { uuid: 'not-a-uuid' } }).headers, { uuid: 'not-a-uuid' }, 'a typed value is sent as typed')
  t.same(playground.intercept({}), {}, 'a request without headers passes through')
})

t.test('each loaded document brings its demo OAuth client, or none, into the Authorize dialog', async (t) => {
  const configured: unknown[] = []
  const system = { authActions: { configureAuth: (config: unknown) => configured.push(config) } }
  const wrap = load().plugin().statePlugins.spec.wrapActions.updateJsonSpec
  const update = wrap((spec) => ({ updated: spec }), system)
  const oauth = { clientId: 'demo', clientSecret: 'secret', scopes: ['/api'] }
  t.same(update({ 'x-sandbox-playground': { oauth } }), { updated: { 'x-sandbox-playground': { oauth } } }, 'the original action still runs')
  update({ 'x-sandbox-playground': {} })
  t.same(configured, [{ ...oauth, usePkceWithAuthorizationCodeGrant: true, useBasicAuthenticationWithAccessCodeGrant: true }, {}], 'with PKCE for the authorization-code flow')
})
