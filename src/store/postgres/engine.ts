import { hostname } from 'node:os'
import { randomBytes } from 'node:crypto'
import type pg from 'pg'
import type { Clock, TokenKeeper } from '../../auth/tokens.js'
import type { BaseData } from '../base.js'
import type { EngineHealth, SharedEngine, SharedTenants } from '../shared-engine.js'
import { createPool, describeTarget, inTransaction, unavailable } from './connection.js'
import { GroupCommit } from './group-commit.js'
import { migrate } from './migrations.js'
import { pgJournal } from './pg-journal.js'
import { PgTenants } from './pg-tenants.js'
import { PgTokens } from './pg-tokens.js'
import { VersionProbe } from './version-probe.js'

export interface PostgresOptions {
  url: string
  /** Connections this replica opens at most. */
  poolSize: number
}

/** The database could not be reached or prepared at start: the one-line reason (never the password). */
export class PostgresUnreachable extends Error {
  override name = 'PostgresUnreachable'
}

/** Every tenant of every API, dropped at one point: no tenant commits while it runs. */
const RESET_ALL = [
  'LOCK TABLE sandbox_tenants IN SHARE ROW EXCLUSIVE MODE',
  'DELETE FROM sandbox_changes',
  "UPDATE sandbox_tenants SET epoch = epoch + 1, version = version + 1, counters = '{}'::jsonb",
]

/**
 * The shared engine: tenant data, id counters and issued tokens in PostgreSQL, so several
 * replicas behind a load balancer behave as one sandbox. Connects and migrates at start.
 */
export async function postgresEngine (options: PostgresOptions): Promise<SharedEngine> {
  const target = describeTarget(options.url)
  const pool = createPool({ url: options.url, size: options.poolSize })
  let client: pg.PoolClient
  try {
    client = await pool.connect()
  } catch (err) {
    await pool.end().catch(() => {})
    throw new PostgresUnreachable(`PostgreSQL at ${target} cannot be reached (${reasonOf(err)})`)
  }
  try {
    await migrate(client)
  } catch (err) {
    client.release(true)
    await pool.end().catch(() => {})
    throw new PostgresUnreachable(`PostgreSQL at ${target}: the schema could not be prepared (${reasonOf(err)})`)
  }
  client.release()
  // Probes take at most a quarter of the pool: writes keep connections to commit with.
  const probe = new VersionProbe(pool, Math.floor(options.poolSize / 4))
  // Group commits take at most half: the rest is for probes and batches run under a lock.
  const commits = new GroupCommit(pool, Math.floor(options.poolSize / 2))
  // The journal's own four connections: its inserts need no disk flush of their own (a crash of
  // the database may lose the last entries; a count on any replica still sees every answer).
  const journalPool = createPool({ url: options.url, size: 4, asyncCommit: true })
  const replica = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`
  return {
    shared: true,
    engine: 'postgres',
    replica,
    tenants: (base: BaseData): SharedTenants => new PgTenants(base, pool, probe, commits),
    journal: (capacity: number) => pgJournal(journalPool, capacity),
    tokens: (apiId: string, clock: Clock, perClient: number): TokenKeeper => new PgTokens(pool, apiId, clock, perClient),
    async resetAll () {
      try {
        await inTransaction(pool, async (c) => {
          for (const sql of RESET_ALL) await c.query(sql)
        })
      } catch (err) {
        throw unavailable(err)
      }
    },
    async health (): Promise<EngineHealth> {
      try {
        await pool.query('SELECT 1')
        return { status: 'ok', engine: 'postgres', replica }
      } catch (err) {
        return { status: 'degraded', engine: 'postgres', replica, reason: `PostgreSQL at ${target} cannot be used (${reasonOf(err)})` }
      }
    },
    close: async () => { await Promise.all([pool.end(), journalPool.end()]) },
  }
}

/** A short reason: the error's code and first line, never a connection string. */
function reasonOf (err: unknown): string {
  const code = (err as { code?: string }).code
  const message = ((err as Error).message ?? String(err)).split('\n')[0]!.replace(/postgres(ql)?:\/\/\S+/gi, 'the database')
  return code === undefined || message.includes(code) ? message : `${code}: ${message}`
}
