import type { BaseData } from './base.js'
import { StoreUnavailable } from './contract.js'
import type { TenantLog } from './persistence.js'
import { QueuedTenant, wroteNothing, type TxJob } from './tenant-queue.js'

/**
 * One tenant's data held in this process, changed only through its queue: a batch of
 * transactions is made durable with one append to the tenant's log, and what it wrote reaches
 * the state only then.
 */
export class LocalTenant extends QueuedTenant {
  readonly #log: TenantLog

  private constructor (base: BaseData, log: TenantLog) {
    super(base)
    this.#log = log
  }

  /** Reads the tenant's committed data through its log. */
  static async open (base: BaseData, log: TenantLog): Promise<LocalTenant> {
    const tenant = new LocalTenant(base, log)
    await log.load(tenant.state)
    return tenant
  }

  /** Records and tombstones this tenant holds (its own changes). */
  get size (): number {
    return this.state.size()
  }

  reset (): Promise<void> {
    return this.exclusive(async () => {
      await this.#log.clear()
      this.bump(this.state.clear())
    })
  }

  protected async commit (jobs: TxJob[]): Promise<void> {
    const ran = this.run(jobs)
    if (!wroteNothing(ran)) {
      try {
        await this.#log.append(ran.changes, ran.counters)
      } catch (err) {
        const failure = err instanceof StoreUnavailable ? err : new StoreUnavailable('the change could not be stored; nothing was kept, try again', { cause: err })
        for (const { job } of ran.done) job.reject(failure)
        return
      }
      this.bump(this.state.apply(ran.changes, ran.counters))
      this.#log.committed?.(this.state, (fn) => this.exclusive(fn))
    }
    for (const { job, value } of ran.done) job.resolve(value)
  }
}
