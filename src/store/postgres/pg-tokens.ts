import { randomBytes } from 'node:crypto'
import type pg from 'pg'
import { hexDigest } from '../../auth/constant-time.js'
import type { Clock, Grant, IssuedToken, TokenKeeper, TokenKind, TokenLookup } from '../../auth/tokens.js'
import { unavailable } from './connection.js'

/** Keeps, within one statement, at most `perClient` live tokens for the client: the oldest go first. */
const ISSUE = `WITH added AS (
    INSERT INTO sandbox_tokens (digest, api, kind, client_id, token, issued_at, expires_at)
    VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)
  )
  -- The new row is not seen here (one snapshot): keep perClient - 1 of the others.
  DELETE FROM sandbox_tokens WHERE digest IN (
    SELECT digest FROM sandbox_tokens WHERE api = $2 AND client_id = $4
    ORDER BY issued_at DESC, digest OFFSET $8
  )`

const FIND = 'SELECT token FROM sandbox_tokens WHERE digest = $1 AND api = $2'
const CONSUME = 'DELETE FROM sandbox_tokens WHERE digest = $1 AND api = $2 AND kind = $3 RETURNING token'
const REVOKE = 'DELETE FROM sandbox_tokens WHERE digest = $1 AND api = $2'
const SWEEP = 'DELETE FROM sandbox_tokens WHERE expires_at <= $1'

const SWEEP_EVERY = 1000

/**
 * One API's issued tokens in PostgreSQL: a token issued by one replica works on every other at
 * once, and a revoked or used one stops working everywhere. A token is kept before it is given.
 */
export class PgTokens implements TokenKeeper {
  readonly clock: Clock
  readonly #pool: pg.Pool
  readonly #api: string
  readonly #perClient: number
  #issuedSinceSweep = 0

  constructor (pool: pg.Pool, api: string, clock: Clock, perClient: number) {
    this.#pool = pool
    this.#api = api
    this.clock = clock
    this.#perClient = perClient
  }

  async issue (kind: TokenKind, grant: Grant, lifetimeSeconds: number): Promise<IssuedToken> {
    const now = this.clock()
    const token: IssuedToken = { ...grant, kind, value: randomBytes(24).toString('base64url'), issuedAt: now, expiresAt: now + lifetimeSeconds * 1000 }
    // The value itself is never stored: only its digest (the row holds the grant).
    const { value: _value, ...stored } = token
    await this.#query(ISSUE, [hexDigest(token.value), this.#api, kind, grant.clientId, JSON.stringify(stored), now, token.expiresAt, this.#perClient - 1])
    if (++this.#issuedSinceSweep >= SWEEP_EVERY) {
      this.#issuedSinceSweep = 0
      this.#pool.query(SWEEP, [now]).catch(() => {})
    }
    return token
  }

  find (kind: TokenKind, value: string): Promise<TokenLookup> {
    return this.findByDigest(kind, hexDigest(value), value)
  }

  async findByDigest (kind: TokenKind, digestHex: string, value = ''): Promise<TokenLookup> {
    const { rows } = await this.#query<{ token: Omit<IssuedToken, 'value'> }>(FIND, [digestHex, this.#api], 'sandbox-token-find')
    const stored = rows[0]?.token
    if (stored === undefined || stored.kind !== kind) return { status: 'unknown' }
    return this.#judge({ ...stored, value })
  }

  async consume (kind: TokenKind, value: string): Promise<TokenLookup> {
    const { rows } = await this.#query<{ token: Omit<IssuedToken, 'value'> }>(CONSUME, [hexDigest(value), this.#api, kind])
    const stored = rows[0]?.token
    return stored === undefined ? { status: 'unknown' } : this.#judge({ ...stored, value })
  }

  async revoke (value: string): Promise<boolean> {
    const { rowCount } = await this.#query(REVOKE, [hexDigest(value), this.#api])
    return (rowCount ?? 0) > 0
  }

  #judge (token: IssuedToken): TokenLookup {
    return token.expiresAt <= this.clock() ? { status: 'expired', token } : { status: 'valid', token }
  }

  async #query<R extends pg.QueryResultRow> (sql: string, values: unknown[], name?: string): Promise<pg.QueryResult<R>> {
    try {
      return await this.#pool.query<R>(name === undefined ? { text: sql, values } : { name, text: sql, values })
    } catch (err) {
      throw unavailable(err)
    }
  }
}
