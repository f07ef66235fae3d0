import type { BaseData } from './base.js'
import type { TenantData, TenantWrite } from './contract.js'
import { OverlayState, Stage, type Change } from './overlay-state.js'

/** Transactions run over one stage and committed together at most (a burst of writes shares one commit). */
const MAX_BATCH = 512

/** A transaction waiting for its turn. */
export interface TxJob { kind: 'transaction', work: (tx: TenantWrite) => unknown, resolve: (value: unknown) => void, reject: (err: unknown) => void }
type Job = TxJob | { kind: 'exclusive', fn: () => Promise<void>, resolve: (value: unknown) => void, reject: (err: unknown) => void }

/** What a batch of transactions did over the state: their answers and their writes, not yet committed. */
export interface Ran { done: Array<{ job: TxJob, value: unknown }>, changes: Change[], counters: ReadonlyMap<string, number> }

/**
 * One tenant's committed data in this process and the queue that changes it: transactions run one
 * after another, a burst of them as one batch that the engine makes durable at once (as a
 * database's group commit); what they wrote reaches the state only once the engine says it is
 * committed. Exclusive steps (a reset, a compaction) take their place in the same queue.
 * Engines say how a batch is committed and how a tenant is reset.
 */
export abstract class QueuedTenant implements TenantData {
  protected readonly state: OverlayState
  readonly #revisions = new Map<string, number>()
  readonly #queue: Job[] = []
  #draining = false

  constructor (base: BaseData) {
    this.state = new OverlayState(base)
  }

  get (collection: string, id: string): unknown {
    return this.state.get(collection, id)
  }

  list (collection: string): unknown[] {
    return this.state.list(collection)
  }

  revision (collection: string): number {
    return this.#revisions.get(collection) ?? 0
  }

  transact<T> (work: (tx: TenantWrite) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ kind: 'transaction', work, resolve: resolve as (value: unknown) => void, reject })
      this.#kick()
    })
  }

  /** Runs `fn` with no transaction of this tenant before it unfinished and none started until it ends. */
  exclusive (fn: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ kind: 'exclusive', fn, resolve: resolve as (value: unknown) => void, reject })
      this.#kick()
    })
  }

  /** Drops every change of the tenant, in its place in the queue: what was committed before is gone, what comes after is kept. */
  abstract reset (): Promise<void>

  /** Runs the batch (with `run`), commits what it wrote, then answers each job (resolved or rejected). */
  protected abstract commit (jobs: TxJob[]): Promise<void>

  /** Runs jobs over one stage of the state; those that throw are refused at once. */
  protected run (jobs: readonly TxJob[]): Ran {
    const batch = new Stage(this.state)
    const done: Ran['done'] = []
    for (const job of jobs) {
      const tx = new Stage(batch)
      try {
        const value = job.work(tx)
        if (value instanceof Promise) throw new Error('a transaction must not await: its reads and writes are one synchronous unit')
        tx.mergeDown()
        done.push({ job, value })
      } catch (err) {
        job.reject(err)
      }
    }
    return { done, changes: batch.changes(), counters: batch.counters() }
  }

  /** Moves on the revision of every collection the state changed in (caches keyed by it start over). */
  protected bump (collections: Iterable<string>): void {
    for (const collection of collections) this.#revisions.set(collection, this.revision(collection) + 1)
  }

  #kick (): void {
    if (this.#draining) return
    this.#draining = true
    void this.#drain()
  }

  async #drain (): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const head = this.#queue[0]!
        if (head.kind === 'exclusive') {
          this.#queue.shift()
          await head.fn().then(head.resolve, head.reject)
          continue
        }
        const jobs: TxJob[] = []
        while (jobs.length < MAX_BATCH && this.#queue[0]?.kind === 'transaction') jobs.push(this.#queue.shift() as TxJob)
        await this.commit(jobs)
      }
    } finally {
      this.#draining = false
    }
  }
}

/** True when a batch wrote nothing: no commit needed. */
export function wroteNothing (ran: Ran): boolean {
  return ran.changes.length === 0 && ran.counters.size === 0
}
