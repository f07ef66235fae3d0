import type pg from 'pg'
import type { Change } from '../overlay-state.js'
import { unavailable } from './connection.js'

/**
 * Batches of several tenants committed by one statement (one WAL flush for all), each only if its
 * tenant still stands at the version the batch was run on. Rows are locked in key order, so two
 * replicas' statements never wait on each other in a circle.
 */
const COMMIT_MANY = `WITH input AS (
    SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::jsonb[]) AS i(key, version, expected, counters)
  ), locked AS (
    SELECT t.key FROM sandbox_tenants t JOIN input i ON t.key = i.key AND t.version = i.expected
    ORDER BY t.key FOR UPDATE OF t
  ), moved AS (
    UPDATE sandbox_tenants t SET version = i.version, counters = t.counters || i.counters
    FROM input i WHERE t.key = i.key AND t.key IN (SELECT key FROM locked) AND t.version = i.expected
    RETURNING t.key
  ), written AS (
    INSERT INTO sandbox_changes (key, collection, id, version, record)
    SELECT c.key, c.collection, c.id, c.version, NULLIF(r.record, 'null'::jsonb)
    FROM unnest($5::text[], $6::text[], $7::text[], $8::bigint[]) WITH ORDINALITY AS c(key, collection, id, version, n)
    JOIN jsonb_array_elements($9::jsonb) WITH ORDINALITY AS r(record, n) ON r.n = c.n
    WHERE c.key IN (SELECT key FROM moved)
    ON CONFLICT (key, collection, id) DO UPDATE SET version = EXCLUDED.version, record = EXCLUDED.record
    RETURNING 1
  )
  SELECT key, (SELECT count(*) FROM written)::int AS written FROM moved`

/** One tenant's batch, to commit if its tenant is still at `expected`. */
export interface PendingCommit {
  key: string
  expected: number
  version: number
  changes: readonly Change[]
  counters: ReadonlyMap<string, number>
}

interface Waiting { commit: PendingCommit, resolve: (moved: boolean) => void, reject: (err: unknown) => void }

/** Each statement carries at most this many tenants' batches. */
const MAX_TENANTS = 256

/**
 * Commits tenants' batches in groups: a batch that arrives while `parallel` statements are out
 * waits for the next one, with every other batch that arrived meanwhile.
 */
export class GroupCommit {
  readonly #pool: pg.Pool
  readonly #parallel: number
  #pending: Waiting[] = []
  #inFlight = 0

  constructor (pool: pg.Pool, parallel: number) {
    this.#pool = pool
    this.#parallel = Math.max(1, parallel)
  }

  /** True once committed; false when the tenant moved on (or has no row yet): nothing was written. */
  commit (commit: PendingCommit): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.#pending.push({ commit, resolve, reject })
      if (this.#inFlight < this.#parallel) this.#send()
    })
  }

  #send (): void {
    if (this.#pending.length === 0) return
    const group = this.#pending.splice(0, MAX_TENANTS)
    this.#inFlight++
    const values: unknown[][] = [[], [], [], [], [], [], [], []]
    const records: unknown[] = []
    for (const { commit } of group) {
      values[0]!.push(commit.key)
      values[1]!.push(commit.version)
      values[2]!.push(commit.expected)
      values[3]!.push(JSON.stringify(Object.fromEntries(commit.counters)))
      for (const change of commit.changes) {
        values[4]!.push(commit.key)
        values[5]!.push(change[0])
        values[6]!.push(change[1])
        values[7]!.push(commit.version)
        // A deletion is JSON null in the one array of records (a record is never null).
        records.push(change.length === 3 ? change[2] : null)
      }
    }
    this.#pool.query<{ key: string }>({ name: 'sandbox-commit-many', text: COMMIT_MANY, values: [...values, JSON.stringify(records)] }).then(({ rows }) => {
      const moved = new Set(rows.map((r) => r.key))
      for (const w of group) w.resolve(moved.has(w.commit.key))
    }, (err: unknown) => {
      // Two replicas' groups caught in a deadlock: nothing of this one was written; each batch is run again under its lock.
      if ((err as { code?: string }).code === '40P01') for (const w of group) w.resolve(false)
      else for (const w of group) w.reject(unavailable(err))
    }).finally(() => {
      this.#inFlight--
      this.#send()
    })
  }
}
