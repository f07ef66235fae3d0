// Registered redirect URIs of an OAuth client, matched as RFC 6749 §3.1.2 and the OAuth security
// BCP require: the exact string, except that a loopback redirect may use any port (RFC 8252 §7.3).

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost'])

/** One registered redirect URI, checked at boot. */
interface Registered {
  /** As registered: an absolute URI, or a path on the sandbox's own origin (its playground's callback). */
  uri: string
  /** For a loopback URI: the URI with its port removed, to compare with a presented one's. */
  portless?: string
}

function withoutPort (url: URL): string {
  const copy = new URL(url.href)
  copy.port = ''
  return copy.href
}

/** Checks one registered URI; throws a message naming what is wrong (the boot fails on it). */
function check (uri: string): Registered {
  if (uri.startsWith('/') && !uri.startsWith('//')) return { uri }
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    throw new Error(`redirect URI '${uri}' is neither an absolute URI nor a path on the sandbox`)
  }
  if (url.hash !== '' || uri.includes('#')) throw new Error(`redirect URI '${uri}' must not have a fragment (RFC 6749 §3.1.2)`)
  if (url.href !== uri) throw new Error(`redirect URI '${uri}' must be written as '${url.href}', so that it matches as written`)
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname) ? { uri, portless: withoutPort(url) } : { uri }
}

/** A client's redirect URIs. */
export class RedirectUris {
  readonly #registered: Registered[]

  /** Throws when a URI cannot be registered. */
  constructor (uris: readonly string[]) {
    this.#registered = uris.map(check)
  }

  get size (): number {
    return this.#registered.length
  }

  /**
   * Whether a presented redirect_uri is one of the client's: the same string; for a loopback
   * one, the same but for the port; for a path, that path on `ownOrigin` (the origin the
   * request reached the sandbox on, e.g. `http://127.0.0.1:8080`).
   */
  matches (presented: string, ownOrigin: string): boolean {
    let url: URL | undefined
    for (const r of this.#registered) {
      if (r.uri === presented) return true
      if (r.uri.startsWith('/')) {
        if (presented === ownOrigin + r.uri) return true
        continue
      }
      if (r.portless === undefined) continue
      try {
        url ??= new URL(presented)
      } catch {
        return false
      }
      // The presented URI must be written as it parses, so no two spellings reach one match.
      if (url.href === presented && url.protocol === 'http:' && withoutPort(url) === r.portless) return true
    }
    return false
  }
}

/** The origin a request reached the sandbox on (what a path-registered redirect URI is resolved against). */
export function requestOrigin (request: { protocol: string, host: string }): string {
  return `${request.protocol}://${request.host}`
}
