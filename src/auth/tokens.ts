import { randomBytes } from 'node:crypto'
import { hexDigest } from './constant-time.js'

/** Milliseconds since the epoch; injectable so tests can move time. */
export type Clock = () => number

/** `login`: a sign-in page's anti-forgery token, standing for the authorization request it shows. */
export type TokenKind = 'access' | 'refresh' | 'code' | 'login'

/** What a token stands for: the OAuth client, the tenant it selects, the customer it acts for, its scopes. */
export interface Grant {
  clientId: string
  tenant: string
  subject?: string
  scopes: string[]
  /** Anything else the issuing behaviour needs back (e.g. an authorization code's redirect_uri). */
  extra?: Record<string, unknown>
}

export interface IssuedToken extends Grant {
  value: string
  kind: TokenKind
  issuedAt: number
  expiresAt: number
}

export type TokenLookup =
  | { status: 'valid', token: IssuedToken }
  | { status: 'expired', token: IssuedToken }
  | { status: 'unknown' }

const SWEEP_EVERY = 1000

/** A value now, or later when it lives in another process (the shared engine's database). */
export type Maybe<T> = T | Promise<T>

/**
 * Where an API's issued tokens are kept: in this process (TokenStore, answering at once) or
 * shared by every replica (answering with promises). Callers handle both.
 */
export interface TokenKeeper {
  readonly clock: Clock
  /** Issues a token; past the client's cap its oldest token (of any kind) is revoked. */
  issue: (kind: TokenKind, grant: Grant, lifetimeSeconds: number) => Maybe<IssuedToken>
  find: (kind: TokenKind, value: string) => Maybe<TokenLookup>
  /** Looks a token up by the digest of its value (`hexDigest`). */
  findByDigest: (kind: TokenKind, digestHex: string) => Maybe<TokenLookup>
  /** Looks a token up and removes it: single-use tokens (authorization codes, rotated refresh tokens). */
  consume: (kind: TokenKind, value: string) => Maybe<TokenLookup>
  /** Removes a token of any kind; false when there was none. */
  revoke: (value: string) => Maybe<boolean>
}

/**
 * Tokens an API's sandbox issued, in memory. Looked up by the digest of their value, so the
 * lookup reveals nothing about the value itself.
 */
export class TokenStore implements TokenKeeper {
  readonly clock: Clock
  /** Live tokens one client may hold: a client taking a token per call cannot grow the store. */
  readonly perClient: number
  readonly #tokens = new Map<string, IssuedToken>()
  /** Each client's token digests, oldest first. */
  readonly #byClient = new Map<string, Set<string>>()
  #issuedSinceSweep = 0

  constructor (clock: Clock, perClient = 1000) {
    this.clock = clock
    this.perClient = perClient
  }

  /** Issues a token; past the client's cap its oldest token (of any kind) is revoked. */
  issue (kind: TokenKind, grant: Grant, lifetimeSeconds: number): IssuedToken {
    const now = this.clock()
    const token: IssuedToken = { ...grant, kind, value: randomBytes(24).toString('base64url'), issuedAt: now, expiresAt: now + lifetimeSeconds * 1000 }
    const digest = hexDigest(token.value)
    this.#tokens.set(digest, token)
    let own = this.#byClient.get(grant.clientId)
    if (own === undefined) {
      own = new Set()
      this.#byClient.set(grant.clientId, own)
    }
    own.add(digest)
    if (own.size > this.perClient) this.#delete(own.values().next().value!)
    if (++this.#issuedSinceSweep >= SWEEP_EVERY) this.#sweep(now)
    return token
  }

  /** Live tokens held by a client. */
  countFor (clientId: string): number {
    return this.#byClient.get(clientId)?.size ?? 0
  }

  find (kind: TokenKind, value: string): TokenLookup {
    return this.findByDigest(kind, hexDigest(value))
  }

  /** Looks a token up by the digest of its value (`hexDigest`), for callers that keep the digest. */
  findByDigest (kind: TokenKind, digestHex: string): TokenLookup {
    const token = this.#tokens.get(digestHex)
    if (token === undefined || token.kind !== kind) return { status: 'unknown' }
    return token.expiresAt <= this.clock() ? { status: 'expired', token } : { status: 'valid', token }
  }

  /** Looks a token up and removes it: single-use tokens (authorization codes, rotated refresh tokens). */
  consume (kind: TokenKind, value: string): TokenLookup {
    const found = this.find(kind, value)
    if (found.status !== 'unknown') this.#delete(hexDigest(value))
    return found
  }

  /** Removes a token of any kind; false when there was none. */
  revoke (value: string): boolean {
    return this.#delete(hexDigest(value))
  }

  #delete (digest: string): boolean {
    const token = this.#tokens.get(digest)
    if (token === undefined) return false
    this.#tokens.delete(digest)
    const own = this.#byClient.get(token.clientId)
    own?.delete(digest)
    if (own?.size === 0) this.#byClient.delete(token.clientId)
    return true
  }

  #sweep (now: number): void {
    this.#issuedSinceSweep = 0
    for (const [key, token] of this.#tokens) if (token.expiresAt <= now) this.#delete(key)
  }
}
