import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** One registered sandbox credential: the secret fields of its scheme, and the tenant it selects. */
export interface CredentialRecord {
  tenant: string
  username?: string
  password?: string
  key?: string
  /** A fixed bearer token (for APIs whose demo tokens are documented rather than issued). */
  token?: string
  clientId?: string
  clientSecret?: string
  /** The customer an OAuth client's client-credentials tokens act for. */
  subject?: string
  scopes?: string[]
  /** An OAuth client's redirect URIs (exact; loopback ones at any port; a path is on the sandbox's own origin). */
  redirectUris?: string[]
  /** An OAuth public client (RFC 6749 §2.1): no secret, PKCE required. */
  public?: boolean
  /** The PKCE methods the client may use (default: those its API offers). */
  pkceMethods?: string[]
  /** A public demo credential: listed on /docs and offered in the playground's dialogs. */
  demo?: boolean
}

/** Credentials by security scheme name, as in `fixtures/<api>/credentials.json`. */
export type CredentialFile = Record<string, CredentialRecord[]>

export async function loadCredentials (fixturesDir: string, apiId: string): Promise<CredentialFile> {
  const path = join(fixturesDir, apiId, 'credentials.json')
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw err
  }
  const parsed = JSON.parse(text) as unknown
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${path} must hold an object of credential lists by security scheme`)
  }
  for (const [scheme, list] of Object.entries(parsed)) {
    if (!Array.isArray(list) || !list.every((c) => typeof c?.tenant === 'string' && c.tenant !== '')) {
      throw new Error(`${path}: "${scheme}" must be a list of credentials, each with a tenant`)
    }
  }
  return parsed as CredentialFile
}
