import type { BaseData } from './base.js'
import type { OverlayDb, Persistence } from './overlay.js'

const NO_RECORDS: ReadonlyMap<string, unknown> = new Map()

/** One tenant's view of an API's data: its own changes laid over the shared base. */
export class TenantData {
  readonly #base: BaseData
  readonly #db: OverlayDb
  readonly #revisions = new Map<string, number>()
  #detached = false

  constructor (base: BaseData, db: OverlayDb) {
    this.#base = base
    this.#db = db
  }

  /** The record, or undefined when it is absent (or deleted by this tenant). */
  get (collection: string, id: string): unknown {
    const own = this.#db.data.records[collection]
    if (own !== undefined && Object.hasOwn(own, id)) return own[id] ?? undefined
    return (this.#base.get(collection) ?? NO_RECORDS).get(id)
  }

  /** Every record of a collection: base order first, then this tenant's additions. */
  list (collection: string): unknown[] {
    const own = this.#db.data.records[collection] ?? {}
    const out: unknown[] = []
    const base = this.#base.get(collection) ?? NO_RECORDS
    for (const [id, record] of base) {
      if (!Object.hasOwn(own, id)) out.push(record)
    }
    for (const record of Object.values(own)) if (record !== null) out.push(record)
    return out
  }

  /**
   * How many times this tenant changed a collection since it was opened: a view derived from
   * `list()` (sorted, filtered) stays valid while the revision stays the same.
   */
  revision (collection: string): number {
    return this.#revisions.get(collection) ?? 0
  }

  /** The next number of a counter, starting at `start`; kept with the tenant's next write. */
  allocate (counter: string, start: number): number {
    const counters = this.#db.data.counters
    const next = (counters[counter] ?? start - 1) + 1
    counters[counter] = next
    return next
  }

  /** Stores a record; resolves once it is on disk. */
  async put (collection: string, id: string, record: unknown): Promise<void> {
    const records = this.#db.data.records
    records[collection] ??= {}
    records[collection][id] = record
    this.#changed(collection)
    await this.#write()
  }

  /** Deletes a record; resolves to false when there was none. */
  async remove (collection: string, id: string): Promise<boolean> {
    if (this.get(collection, id) === undefined) return false
    const records = this.#db.data.records
    records[collection] ??= {}
    records[collection][id] = null
    this.#changed(collection)
    await this.#write()
    return true
  }

  /** After a reset: writes still in flight no longer reach the tenant's file. */
  detach (): void {
    this.#detached = true
  }

  #changed (collection: string): void {
    this.#revisions.set(collection, this.revision(collection) + 1)
  }

  async #write (): Promise<void> {
    if (!this.#detached) await this.#db.write()
  }
}

/** An API's data for every tenant. Tenants are opened lazily, once. */
export class ApiStore {
  readonly base: BaseData
  readonly #persistence: Persistence
  readonly #tenants = new Map<string, Promise<TenantData>>()
  /** The tenants whose data is open, for the request path to reach without a promise. */
  readonly #open = new Map<string, TenantData>()

  constructor (base: BaseData, persistence: Persistence) {
    this.base = base
    this.#persistence = persistence
  }

  tenant (tenantId: string): Promise<TenantData> {
    let data = this.#tenants.get(tenantId)
    if (data === undefined) {
      const opening: Promise<TenantData> = this.#persistence.open(tenantId).then((db) => {
        const opened = new TenantData(this.base, db)
        // Only while this opening is still the tenant's (a reset may have dropped it meanwhile).
        if (this.#tenants.get(tenantId) === opening) this.#open.set(tenantId, opened)
        return opened
      })
      data = opening
      // A failed open is not cached: the next request tries again.
      data.catch(() => this.#tenants.delete(tenantId))
      this.#tenants.set(tenantId, data)
    }
    return data
  }

  /** A tenant's data when it is already open; undefined until `tenant()` has opened it. */
  opened (tenantId: string): TenantData | undefined {
    return this.#open.get(tenantId)
  }

  /** Drops a tenant's changes: it reads the base data again. */
  async reset (tenantId: string): Promise<void> {
    const open = this.#tenants.get(tenantId)
    this.#tenants.delete(tenantId)
    this.#open.delete(tenantId)
    await open?.then((data) => data.detach(), () => {})
    await this.#persistence.drop(tenantId)
  }

  /** Forgets every tenant this store has opened (their files are the persistence's to drop). */
  async forgetAll (): Promise<void> {
    const open = [...this.#tenants.values()]
    this.#tenants.clear()
    this.#open.clear()
    await Promise.all(open.map((p) => p.then((data) => data.detach(), () => {})))
  }
}
