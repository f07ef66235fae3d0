// The playground signs a demo customer in with the authorization-code flow in a real browser:
// Swagger UI opens the sign-in page in a popup with PKCE (S256), the page redirects to the
// playground's own registered callback, Swagger UI exchanges the code, and a call works.
import t from 'tap'
import { buildServer } from '../src/server.js'
import { CHROMIUM, chromiumPresent, launch, swaggerUiTime, tryItOut } from './playground/browser.js'

if (!chromiumPresent()) {
  if (!['', 'false', '0', undefined].includes(process.env.CI)) t.fail(`chromium is missing at ${CHROMIUM}: CI must run the browser tests`)
  else t.plan(0, `browser test skipped: no chromium at ${CHROMIUM} (apt-get install chromium, or set SANDBOX_CHROMIUM)`)
} else {
  t.test("Citi in the playground: Authorize (authorization code) → sign in → the API answers for that customer", async (t) => {
    const app = await buildServer({ inMemory: true, logLevel: 'silent' })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const browser = await launch()
    t.teardown(async () => {
      await browser.close()
      await app.close()
    })
    const origin = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    await page.goto(`${origin}/docs/citi`)
    await swaggerUiTime(page)

    await page.locator('.auth-wrapper button.authorize').click()
    const box = page.locator('.modal-ux .auth-container').filter({ has: page.locator('h4', { hasText: /citiOAuth \(OAuth2, authorizationCode with PKCE\)/ }) })
    t.equal(await box.locator('input[id^="client_id_"]').inputValue(), 'citi-sandbox-client', 'the demo client is pre-filled')
    const [popup] = await Promise.all([page.waitForEvent('popup'), box.locator('button.authorize').click()])
    await popup.waitForLoadState('domcontentloaded')
    const asked = new URL(popup.url())
    t.equal(asked.pathname, '/authCode/oauth2/authorize')
    t.equal(asked.searchParams.get('redirect_uri'), `${origin}/docs/ui/static/oauth2-redirect.html`, "the playground's own callback")
    t.equal(asked.searchParams.get('code_challenge_method'), 'S256', 'with PKCE')
    t.match(await popup.locator('h1').innerText(), 'Citi Australia sandbox', 'the sign-in page, not an error')

    await popup.locator('input[name="username"]').fill('SandboxUser2')
    await popup.locator('input[name="password"]').fill('P@ssUser2$')
    await Promise.all([popup.waitForEvent('close'), popup.locator('button[value="allow"]').click()])
    await box.getByText('Authorized', { exact: true }).waitFor({ timeout: 10_000 })
    await page.locator('.modal-ux button.btn-done').first().click()

    const answer = await tryItOut(page, 'getCustomerParticulars')
    t.equal(answer.status, '200')
    t.match(answer.body, '"fullName": "James Wilson"', 'the customer who signed in (SandboxUser2 is customer 1002)')
    await page.context().close()
  })
}
