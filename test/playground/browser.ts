import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Browser, Locator, Page } from 'playwright-core'
import type { CredentialRecord } from '../../src/auth/credentials.js'
import type { SecuritySchemeObject } from '../../src/spec/types.js'

/** Debian's chromium (`.ci/run` installs it); never a downloaded browser. */
export const CHROMIUM = process.env.SANDBOX_CHROMIUM ?? '/usr/bin/chromium'
export const chromiumPresent = (): boolean => existsSync(CHROMIUM)

/** Where screenshots go (a CI artifact folder, ignored by git). */
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/playground/', import.meta.url))

export async function launch (): Promise<Browser> {
  const { chromium } = await import('playwright-core')
  await mkdir(ARTIFACTS, { recursive: true })
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] })
}

/** Milliseconds from the start of the page's navigation until its load event. */
export async function loadTime (page: Page): Promise<number> {
  await page.waitForLoadState('load')
  return Math.round(Number(await page.evaluate('performance.getEntriesByType("navigation")[0].loadEventEnd')))
}

/** Milliseconds from the start of the page's navigation until Swagger UI shows the API's operations. */
export async function swaggerUiTime (page: Page): Promise<number> {
  const handle = await page.waitForFunction('document.querySelector(".swagger-ui .opblock") !== null && performance.now()', null, { polling: 'raf', timeout: 15_000 })
  return Math.round(Number(await handle.jsonValue()))
}

type Driver = (box: Locator, credential: CredentialRecord) => Promise<void>

/** How each kind of security scheme's dialog is filled, by Swagger UI's own field ids. */
const drivers: Record<string, Driver> = {
  'http:basic': async (box, c) => {
    await box.locator('#auth-basic-username').fill(c.username ?? '')
    await box.locator('#auth-basic-password').fill(c.password ?? '')
  },
  'http:bearer': async (box, c) => { await box.locator('#auth-bearer-value').fill(c.token ?? c.key ?? '') },
  apiKey: async (box, c) => { await box.locator('#api_key_value').fill(c.key ?? '') },
  // The playground pre-fills the demo client: check it is there, then use it as it is.
  oauth2: async (box, c) => {
    const id = box.locator('input[id^="client_id_"]')
    const value = await id.inputValue()
    if (value !== c.clientId) throw new Error(`the OAuth dialog offers client_id "${value}", not the demo client "${String(c.clientId)}"`)
  },
}

export function driverFor (scheme: SecuritySchemeObject): Driver {
  const kind = scheme.type === 'http' ? `http:${(scheme.scheme ?? '').toLowerCase()}` : scheme.type
  const driver = drivers[kind]
  if (driver === undefined) throw new Error(`the browser test cannot fill a ${kind} dialog yet`)
  return driver
}

/** Opens Authorize, enters the credential in the scheme's box, applies it and closes the dialog. */
export async function authorize (page: Page, name: string, scheme: SecuritySchemeObject, credential: CredentialRecord): Promise<void> {
  await page.locator('.auth-wrapper button.authorize').click()
  const modal = page.locator('.modal-ux')
  // Swagger UI heads each scheme's box with its name: as `<code>` for most types, as plain text
  // followed by "(OAuth2, <flow>)" for OAuth 2.0.
  // An OAuth 2.0 scheme has a box per flow: the playground uses client credentials.
  const heading = scheme.type === 'oauth2' ? `^\\s*${name} \\(OAuth2, clientCredentials\\)` : `^\\s*${name}(\\s|$)`
  const box = modal.locator('.auth-container').filter({ has: page.locator('h4', { hasText: new RegExp(heading) }) })
  await driverFor(scheme)(box, credential)
  await box.locator('button.authorize').click()
  await box.getByText('Authorized', { exact: true }).waitFor({ timeout: 10_000 })
  await modal.locator('button.btn-done').first().click()
}

export interface Answer { status: string, body: string, curl: string }

/** Expands the operation, presses "Try it out", types the given parameters, presses Execute. */
export async function tryItOut (page: Page, operationId: string, params: Record<string, string> = {}): Promise<Answer> {
  const op = page.locator(`.opblock[id$="-${operationId}"]`)
  if (!(await op.locator('.opblock-body').isVisible())) await op.locator('.opblock-summary').first().click()
  const tryOut = op.locator('button.try-out__btn')
  if ((await tryOut.innerText()).trim() === 'Try it out') await tryOut.click()
  for (const [name, value] of Object.entries(params)) {
    await op.locator(`tr[data-param-name="${name}"] input`).fill(value)
  }
  await op.locator('button.execute').click()
  const response = op.locator('.live-responses-table .response').first()
  await response.waitFor({ timeout: 10_000 })
  const answer = {
    status: (await response.locator('.response-col_status').innerText()).trim(),
    body: await response.locator('.response-col_description .microlight, .response-col_description pre').first().innerText(),
    curl: await op.locator('.curl-command').innerText(),
  }
  return answer
}

/** Clears the operation's rendered answer (before executing it again). */
export async function clearAnswer (page: Page, operationId: string): Promise<void> {
  await page.locator(`.opblock[id$="-${operationId}"] button.btn-clear`).click()
}
