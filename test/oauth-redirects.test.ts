// Registered redirect URIs (RFC 6749 §3.1.2, the OAuth security BCP): exact match, loopback at
// any port (RFC 8252 §7.3); an unregistered one is answered on the page, never redirected to.
import t from 'tap'
import { sandbox } from './helpers.js'
import { AUTHORIZE, AUTH_REQUEST, form, signIn } from './oauth-helpers.js'

const refusal = (uri: string) => ({
  error: 'invalid_request',
  error_description: `redirect_uri '${uri}' is not registered for client citi-sandbox-client; the sandbox redirects only to a client's registered URIs`,
})

t.test('an unregistered or look-alike redirect_uri gets an error answer, never a redirect', async (t) => {
  const s = await sandbox(t)
  const cases = [
    'https://evil.example/callback',
    'https://good.example.evil',
    'http://127.0.0.1:3000/callback/../evil',
    'http://127.0.0.1:3000/callback?next=https://evil.example',
    'http://127.0.0.1:3000/callback/',
    'http://127.0.0.1.evil.example/callback',
    'http://127.0.0.1@evil.example/callback',
    'https://127.0.0.1:3000/callback',
    'http://127.0.0.1:3000/Callback',
  ]
  for (const uri of cases) {
    const res = await s.inject({ url: `${AUTHORIZE}?${form({ ...AUTH_REQUEST, redirect_uri: uri })}` })
    t.equal(res.statusCode, 400, uri)
    t.equal(res.headers.location, undefined, `${uri}: no redirect`)
    t.same(res.json(), refusal(uri), uri)
  }
})

t.test('a loopback redirect_uri matches at any port, nowhere else', async (t) => {
  const s = await sandbox(t)
  for (const uri of ['http://127.0.0.1:3000/callback', 'http://127.0.0.1:61234/callback', 'http://127.0.0.1/callback', 'http://[::1]:8765/callback', 'http://localhost:5173/callback']) {
    const query = await signIn(t, s, { ...AUTH_REQUEST, redirect_uri: uri })
    t.match(query.get('code'), /^[A-Za-z0-9_-]{32}$/, `${uri}: a code`)
    t.equal(query.get('state'), 'xyz')
  }
  const other = 'http://127.0.0.1:3000/elsewhere'
  const res = await s.inject({ url: `${AUTHORIZE}?${form({ ...AUTH_REQUEST, redirect_uri: other })}` })
  t.equal(res.statusCode, 400, 'the port is free, the path is not')
  t.same(res.json(), refusal(other))
})

t.test("the playground's callback is registered on the sandbox's own origin only", async (t) => {
  const s = await sandbox(t)
  const own = 'http://sandbox.example:8080/docs/ui/static/oauth2-redirect.html'
  const page = await s.inject({ url: `${AUTHORIZE}?${form({ ...AUTH_REQUEST, redirect_uri: own })}`, headers: { host: 'sandbox.example:8080' } })
  t.equal(page.statusCode, 200)
  t.match(page.body, 'name="login_token"')
  const elsewhere = 'http://evil.example/docs/ui/static/oauth2-redirect.html'
  const res = await s.inject({ url: `${AUTHORIZE}?${form({ ...AUTH_REQUEST, redirect_uri: elsewhere })}`, headers: { host: 'sandbox.example:8080' } })
  t.equal(res.statusCode, 400)
  t.same(res.json(), refusal(elsewhere))
})

t.test('state comes back exactly as it was sent', async (t) => {
  const s = await sandbox(t)
  const state = 'a b+c/d?e=f&g=%41 ü'
  const query = await signIn(t, s, { ...AUTH_REQUEST, state })
  t.equal(query.get('state'), state)
})

t.test('a redirect URI that cannot match as written fails the boot, naming it', async (t) => {
  const { ClientRegistry } = await import('../src/auth/clients.js')
  const build = (uri: string) => () => new ClientRegistry({ c: [{ clientId: 'x', clientSecret: 'y', tenant: 't', redirectUris: [uri] }] })
  t.throws(build('http://127.0.0.1:3000'), { message: "credentials for c: client x: redirect URI 'http://127.0.0.1:3000' must be written as 'http://127.0.0.1:3000/', so that it matches as written" })
  t.throws(build('https://app.example/cb#frag'), { message: "credentials for c: client x: redirect URI 'https://app.example/cb#frag' must not have a fragment (RFC 6749 §3.1.2)" })
  t.throws(build('callback'), { message: "credentials for c: client x: redirect URI 'callback' is neither an absolute URI nor a path on the sandbox" })
  t.doesNotThrow(build('https://app.example/cb'))
})

t.test('a browser is shown an error page for an unregistered redirect_uri or a refused form, never redirected', async (t) => {
  const s = await sandbox(t)
  const accept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
  const uri = 'https://good.example.evil'
  const res = await s.inject({ url: `${AUTHORIZE}?${form({ ...AUTH_REQUEST, redirect_uri: uri })}`, headers: { accept } })
  t.equal(res.statusCode, 400)
  t.equal(res.headers.location, undefined)
  t.match(res.headers['content-type'], /^text\/html/)
  t.equal(res.headers['x-frame-options'], 'DENY')
  t.match(res.body, '<strong>invalid_request</strong>: redirect_uri &#39;https://good.example.evil&#39; is not registered for client citi-sandbox-client')
  t.match(res.body, 'you are not sent back to the application')
  t.notMatch(res.body, '<form', 'no way onward')
  const forged = await s.inject({ method: 'POST', url: AUTHORIZE, headers: { accept, 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ login_token: 'not-a-page-token', username: 'SandboxUser1', password: 'P@ssUser1$' }) })
  t.equal(forged.statusCode, 400)
  t.equal(forged.headers.location, undefined)
  t.match(forged.body, '<strong>invalid_request</strong>: login_token is not one a sign-in page of this sandbox gave out')
})
