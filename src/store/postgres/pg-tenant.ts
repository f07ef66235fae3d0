import type pg from 'pg'
import type { BaseData } from '../base.js'
import type { Change } from '../overlay-state.js'
import { QueuedTenant, wroteNothing, type Ran, type TxJob } from '../tenant-queue.js'
import { inTransaction, unavailable } from './connection.js'
import type { GroupCommit } from './group-commit.js'
import { DELETE_CHANGES, LOAD_CHANGES, LOCK_TENANT, NEW_EPOCH, WRITE_CHANGES } from './tenant-sql.js'

/** Where a tenant stands in the database: a reset starts a new epoch; every commit moves the version on. */
export interface Position { epoch: number, version: number }

interface LoadRow { epoch: string | null, version: string | null, counters: Record<string, number> | null, collection: string | null, id: string | null, record: unknown }

/**
 * One tenant as this replica caches it: the committed state of some version, brought up to date
 * from the database before each read (by the caller, with the position it probed) and inside
 * each transaction, under the lock of the tenant's row. The cache only ever holds what is committed.
 */
export class PgTenant extends QueuedTenant {
  readonly #key: string
  readonly #pool: pg.Pool
  readonly #commits: GroupCommit
  #epoch = 0
  #version = 0
  #loading: Promise<void> | undefined

  constructor (key: string, base: BaseData, pool: pg.Pool, commits: GroupCommit) {
    super(base)
    this.#key = key
    this.#pool = pool
    this.#commits = commits
  }

  get version (): number {
    return this.#version
  }

  /** Brings the cache at least to `position` (a version probed after the request arrived). */
  async catchUp (position: Position): Promise<void> {
    // Twice at most: a load already out may predate the position; the next one cannot.
    for (let tries = 0; tries < 2 && this.#version < position.version; tries++) {
      if (this.#loading === undefined) {
        const loading = this.#load(this.#pool).finally(() => { this.#loading = undefined })
        this.#loading = loading
      }
      await this.#loading
    }
  }

  /** Reads what changed since the cached version and applies it (when it is still newer than the cache). */
  async #load (client: pg.Pool | pg.PoolClient): Promise<void> {
    const epoch = this.#epoch
    let rows: LoadRow[]
    try {
      ({ rows } = await client.query<LoadRow>({ name: 'sandbox-load-changes', text: LOAD_CHANGES, values: [this.#key, epoch, this.#version] }))
    } catch (err) {
      throw unavailable(err)
    }
    const head = rows[0]
    const loadedEpoch = Number(head?.epoch ?? 0)
    const loadedVersion = Number(head?.version ?? 0)
    if (loadedVersion <= this.#version) return
    const changes: Change[] = []
    for (const row of rows) {
      if (row.collection === null || row.id === null) continue
      changes.push(row.record === null ? [row.collection, row.id] : [row.collection, row.id, row.record])
    }
    // Another epoch: the rows are all of the tenant's changes, read afresh.
    if (loadedEpoch !== epoch) this.bump(this.state.clear())
    this.state.counters.clear()
    this.bump(this.state.apply(changes, Object.entries(head?.counters ?? {})))
    this.#epoch = loadedEpoch
    this.#version = loadedVersion
  }

  /** Drops every change of the tenant, in its place among this replica's writes, for every replica. */
  reset (): Promise<void> {
    return this.exclusive(async () => {
      let position: Position
      try {
        position = await inTransaction(this.#pool, async (client) => {
          await client.query(LOCK_TENANT, [this.#key])
          await client.query(DELETE_CHANGES, [this.#key])
          const { rows } = await client.query<{ epoch: string, version: string }>(NEW_EPOCH, [this.#key])
          return { epoch: Number(rows[0]!.epoch), version: Number(rows[0]!.version) }
        })
      } catch (err) {
        throw unavailable(err)
      }
      if (position.version > this.#version) {
        this.bump(this.state.clear())
        this.#epoch = position.epoch
        this.#version = position.version
      }
    })
  }

  /** Locks the tenant's row and brings the cache to its version: no replica commits to it until we do. */
  async #lock (client: pg.PoolClient): Promise<void> {
    const { rows } = await client.query<{ epoch: string, version: string }>(LOCK_TENANT, [this.#key])
    if (Number(rows[0]!.version) > this.#version) await this.#load(client)
  }

  /**
   * Runs the transactions at the head of the queue over one stage. Optimistic first: over the
   * cache (current as of the check that began each request), committed by one statement if no
   * replica committed in between; read-only and failed transactions need no database at all.
   * Otherwise they run again, once, under the lock of the tenant's row.
   */
  protected async commit (jobs: TxJob[]): Promise<void> {
    const first = this.run(jobs)
    if (wroteNothing(first)) {
      for (const { job, value } of first.done) job.resolve(value)
      return
    }
    const version = this.#version + 1
    try {
      const moved = await this.#commits.commit({ key: this.#key, expected: this.#version, version, changes: first.changes, counters: first.counters })
      if (moved) {
        this.#committed(version, first)
        return
      }
    } catch (err) {
      const failure = unavailable(err)
      for (const { job } of first.done) job.reject(failure)
      return
    }
    await this.#locked(first.done.map(({ job }) => job))
  }

  #writeValues (version: number, ran: Ran): unknown[] {
    const { changes, counters } = ran
    return [
      this.#key, version,
      changes.map((c) => c[0]), changes.map((c) => c[1]), changes.map((c) => (c.length === 3 ? JSON.stringify(c[2]) : null)),
      JSON.stringify(Object.fromEntries(counters)),
    ]
  }

  /** After the commit: the cache takes the batch's writes (unless a newer read already brought them), then the clients are answered. */
  #committed (version: number, ran: Ran): void {
    if (version > this.#version) {
      this.bump(this.state.apply(ran.changes, ran.counters))
      this.#version = version
    }
    for (const { job, value } of ran.done) job.resolve(value)
  }

  /** Runs jobs under the lock of the tenant's row, on its committed state, in one database transaction. */
  async #locked (jobs: TxJob[]): Promise<void> {
    let ran: Ran | undefined
    let version = 0
    try {
      await inTransaction(this.#pool, async (client) => {
        await this.#lock(client)
        ran = this.run(jobs)
        if (wroteNothing(ran)) return
        version = this.#version + 1
        await client.query(WRITE_CHANGES, this.#writeValues(version, ran).slice(0, 6))
      })
    } catch (err) {
      const failure = unavailable(err)
      // Jobs that ran are refused; those that threw were answered already (rejecting twice is a no-op).
      for (const job of jobs) job.reject(failure)
      return
    }
    if (version === 0) for (const { job, value } of ran!.done) job.resolve(value)
    else this.#committed(version, ran!)
  }
}
