import pg from 'pg'
import { StoreUnavailable } from '../contract.js'

/** Where a PostgreSQL URL points, for messages: host, port and database, never the password. */
export function describeTarget (url: string): string {
  try {
    const parsed = new URL(url)
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || parsed.username || 'postgres'
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}/${database}`
  } catch {
    return 'the configured server'
  }
}

/** True for the URLs that select this engine. */
export function isPostgresUrl (value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value)
}

export interface PoolOptions {
  url: string
  /** Connections at most (bounded: a burst of clients queues rather than opening more). */
  size: number
  /**
   * Commits of this pool are visible to every session at once but flushed to disk shortly
   * after (PostgreSQL's asynchronous commit): for records a crash of the database may cut short.
   */
  asyncCommit?: boolean
}

/** A pool that fails fast when the server is away, so calls answer 503 instead of hanging. */
export function createPool (options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.size,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
    // A statement that waits longer than this is given up (a lock held by a replica that hangs).
    statement_timeout: 10_000,
    query_timeout: 12_000,
    application_name: 'profile-sandbox',
    ...(options.asyncCommit === true ? { options: '-c synchronous_commit=off' } : {}),
  })
  // An idle connection the server closed must not crash the process: the next call reconnects.
  pool.on('error', () => {})
  return pool
}

/** Any failure to reach or use the database, as the store contract reports it (503 to clients). */
export function unavailable (err: unknown): StoreUnavailable {
  if (err instanceof StoreUnavailable) return err
  const code = (err as { code?: string }).code
  return new StoreUnavailable(`the shared store (PostgreSQL) cannot be used just now${code === undefined ? '' : ` (${code})`}; nothing was kept, try again`, { cause: err })
}

/** Runs `fn` with one connection of the pool, inside a transaction; rolls back when it throws. */
export async function inTransaction<T> (pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  let client: pg.PoolClient
  try {
    client = await pool.connect()
  } catch (err) {
    throw unavailable(err)
  }
  let broken = false
  try {
    await client.query('BEGIN')
    const value = await fn(client)
    await client.query('COMMIT')
    return value
  } catch (err) {
    try {
      await client.query('ROLLBACK')
    } catch {
      broken = true
    }
    throw err
  } finally {
    // A connection that failed mid-transaction is dropped, not handed to the next caller.
    client.release(broken ? true : undefined)
  }
}
