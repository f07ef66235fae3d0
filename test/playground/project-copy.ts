import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultOptions } from '../../src/server.js'

/** A copy of the bundled specs and fixtures that a test may change; removed when the test ends. */
export async function copyProject (t: { teardown: (fn: () => unknown) => void }): Promise<{ specs: string, fixtures: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-docs-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const specs = join(dir, 'specs')
  const fixtures = join(dir, 'fixtures')
  await cp(defaultOptions.specsDir, specs, { recursive: true })
  await cp(defaultOptions.fixturesDir, fixtures, { recursive: true })
  return { specs, fixtures }
}

export async function edit (file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, 'utf8')
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`)
  await writeFile(file, text.replace(from, to))
}

/**
 * The WM spec and fixtures given what the OAuth APIs will use: `x-sandbox-prefill: uuid` on
 * Request-Tracking-Id, and an OAuth 2.0 client-credentials scheme (token URL on the spec's own
 * server) with a demo client and a non-demo one.
 */
export async function withPlaygroundExtensions (specs: string, fixtures: string): Promise<void> {
  const spec = join(specs, 'wm-profiles.yaml')
  await edit(spec, `      name: Request-Tracking-Id
      in: header
      required: true
`, `      name: Request-Tracking-Id
      in: header
      required: true
      x-sandbox-prefill: uuid
`)
  await edit(spec, `  securitySchemes:
`, `  securitySchemes:
    partnerOAuth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: http://127.0.0.1:8080/oauth/token
          scopes:
            profiles: Read customer profiles
`)
  const credentials = join(fixtures, 'wm', 'credentials.json')
  const file = JSON.parse(await readFile(credentials, 'utf8')) as Record<string, unknown[]>
  file.partnerOAuth = [
    { clientId: 'partner-demo-client', clientSecret: 'partner-demo-secret', tenant: 'partner', demo: true },
    { clientId: 'partner-private-client', clientSecret: 'do-not-show', tenant: 'private' },
  ]
  await writeFile(credentials, JSON.stringify(file))
}
