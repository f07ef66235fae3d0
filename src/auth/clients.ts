import { digest, matchesDigest } from './constant-time.js'
import type { CredentialFile } from './credentials.js'
import { pkceMethods, type PkceMethod } from './pkce.js'
import { RedirectUris } from './redirect-uris.js'

/** A registered OAuth client of the sandbox. */
export interface OAuthClient {
  clientId: string
  tenant: string
  /** The customer a client-credentials token acts for. */
  subject?: string
  scopes?: string[]
  /** Where the authorization endpoint may send the customer back to (none: the client has no authorization-code flow). */
  redirectUris: RedirectUris
  /** A public client (RFC 6749 §2.1) has no secret and must use PKCE. */
  public: boolean
  /** The PKCE methods it may use; undefined: those its API offers. */
  pkceMethods?: PkceMethod[]
}

/** The OAuth clients in an API's credentials file (every entry with a clientId), checked in constant time. */
export class ClientRegistry {
  readonly #clients = new Map<string, { client: OAuthClient, secret: Buffer | undefined }>()
  readonly #decoy = digest('\u0000no-such-client')

  constructor (file: CredentialFile) {
    for (const [scheme, list] of Object.entries(file)) {
      for (const entry of list) {
        if (entry.clientId === undefined) continue
        const where = `credentials for ${scheme}: client ${String(entry.clientId)}`
        const isPublic = entry.public === true
        if (typeof entry.clientId !== 'string' || (isPublic ? entry.clientSecret !== undefined : typeof entry.clientSecret !== 'string')) {
          throw new Error(`${where} needs a clientId and a clientSecret (a public client: a clientId and no secret)`)
        }
        const { clientSecret, redirectUris, public: _public, pkceMethods: methods, ...rest } = entry
        let uris: RedirectUris
        try {
          uris = new RedirectUris(redirectUris ?? [])
        } catch (err) {
          throw new Error(`${where}: ${(err as Error).message}`, { cause: err })
        }
        const client: OAuthClient = { ...rest, clientId: entry.clientId, redirectUris: uris, public: isPublic }
        if (methods !== undefined) client.pkceMethods = pkceMethods(methods, `${where}: pkceMethods`)
        this.#clients.set(entry.clientId, { client, secret: clientSecret === undefined ? undefined : digest(clientSecret) })
      }
    }
  }

  /** The client, when the id is registered and the secret is its own (never a public client). */
  verify (clientId: string, secret: string): OAuthClient | undefined {
    const found = this.#clients.get(clientId)
    const ok = matchesDigest(secret, found?.secret ?? this.#decoy)
    return ok && found?.secret !== undefined ? found.client : undefined
  }

  /** The client by id alone (for flows that identify but do not authenticate the client). */
  get (clientId: string): OAuthClient | undefined {
    return this.#clients.get(clientId)?.client
  }

  /** Every registered client. */
  all (): OAuthClient[] {
    return [...this.#clients.values()].map((c) => c.client)
  }
}
