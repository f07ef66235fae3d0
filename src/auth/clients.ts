import { digest, matchesDigest } from './constant-time.js'
import type { CredentialFile } from './credentials.js'

/** A registered OAuth client of the sandbox. */
export interface OAuthClient {
  clientId: string
  tenant: string
  /** The customer a client-credentials token acts for. */
  subject?: string
  scopes?: string[]
}

/** The OAuth clients in an API's credentials file (every entry with a clientId), checked in constant time. */
export class ClientRegistry {
  readonly #clients = new Map<string, { client: OAuthClient, secret: Buffer }>()
  readonly #decoy = digest('\u0000no-such-client')

  constructor (file: CredentialFile) {
    for (const [scheme, list] of Object.entries(file)) {
      for (const entry of list) {
        if (entry.clientId === undefined) continue
        if (typeof entry.clientId !== 'string' || typeof entry.clientSecret !== 'string') {
          throw new Error(`credentials for ${scheme} need a clientId and a clientSecret`)
        }
        const { clientSecret, ...client } = entry
        this.#clients.set(entry.clientId, { client: client as OAuthClient, secret: digest(clientSecret) })
      }
    }
  }

  /** The client, when the id is registered and the secret is its own. */
  verify (clientId: string, secret: string): OAuthClient | undefined {
    const found = this.#clients.get(clientId)
    const ok = matchesDigest(secret, found?.secret ?? this.#decoy)
    return ok && found !== undefined ? found.client : undefined
  }

  /** The client by id alone (for flows that identify but do not authenticate the client). */
  get (clientId: string): OAuthClient | undefined {
    return this.#clients.get(clientId)?.client
  }
}
