import type { BaseData } from './base.js'
import { StoreUnavailable, type TenantData, type TenantWrite } from './contract.js'
import { OverlayState, Stage } from './overlay-state.js'
import type { TenantLog } from './persistence.js'

/** Transactions made durable by one append at most: a burst of writes shares one disk write. */
const MAX_BATCH = 512

type Job =
  | { kind: 'transaction', work: (tx: TenantWrite) => unknown, resolve: (value: unknown) => void, reject: (err: unknown) => void }
  | { kind: 'exclusive', fn: () => Promise<void>, resolve: (value: unknown) => void, reject: (err: unknown) => void }

/**
 * One tenant's data held in this process, changed only through its queue: transactions run one
 * after another (a burst of them forms a batch that is made durable with one append, as a
 * database's group commit), and what they wrote reaches the state only once it is durable.
 */
export class LocalTenant implements TenantData {
  readonly #state: OverlayState
  readonly #log: TenantLog
  readonly #revisions = new Map<string, number>()
  readonly #queue: Job[] = []
  #draining = false

  private constructor (base: BaseData, log: TenantLog) {
    this.#state = new OverlayState(base)
    this.#log = log
  }

  /** Reads the tenant's committed data through its log. */
  static async open (base: BaseData, log: TenantLog): Promise<LocalTenant> {
    const tenant = new LocalTenant(base, log)
    await log.load(tenant.#state)
    return tenant
  }

  get (collection: string, id: string): unknown {
    return this.#state.get(collection, id)
  }

  list (collection: string): unknown[] {
    return this.#state.list(collection)
  }

  revision (collection: string): number {
    return this.#revisions.get(collection) ?? 0
  }

  /** Records and tombstones this tenant holds (its own changes). */
  get size (): number {
    return this.#state.size()
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
  reset (): Promise<void> {
    return this.exclusive(async () => {
      await this.#log.clear()
      this.#bump(this.#state.clear())
    })
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
        } else {
          await this.#batch()
        }
      }
    } finally {
      this.#draining = false
    }
  }

  /** Runs the transactions at the head of the queue over one stage, then makes them durable together. */
  async #batch (): Promise<void> {
    const batch = new Stage(this.#state)
    const done: Array<{ job: Job, value: unknown }> = []
    while (done.length < MAX_BATCH && this.#queue[0]?.kind === 'transaction') {
      const job = this.#queue.shift() as Extract<Job, { kind: 'transaction' }>
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
    if (!batch.empty) {
      const changes = batch.changes()
      const counters = batch.counters()
      try {
        await this.#log.append(changes, counters)
      } catch (err) {
        const failure = err instanceof StoreUnavailable ? err : new StoreUnavailable('the change could not be stored; nothing was kept, try again', { cause: err })
        for (const { job } of done) job.reject(failure)
        return
      }
      this.#bump(this.#state.apply(changes, counters))
      this.#log.committed?.(this.#state, (fn) => this.exclusive(fn))
    }
    for (const { job, value } of done) job.resolve(value)
  }

  #bump (collections: Iterable<string>): void {
    for (const collection of collections) this.#revisions.set(collection, this.revision(collection) + 1)
  }
}
