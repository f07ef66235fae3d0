import type { BaseData } from './base.js'
import { TenantUnreadable, type TenantData } from './contract.js'
import { LocalTenant } from './local-tenant.js'
import type { Persistence } from './persistence.js'
import type { TenantSource } from './tenant-source.js'

/**
 * One API's tenants held in this process (memory or the log files). Tenants are opened lazily,
 * once; a tenant whose data cannot be read keeps failing (one report in the log) until it is reset.
 */
export class LocalTenants implements TenantSource {
  readonly #base: BaseData
  readonly #persistence: Persistence
  readonly #tenants = new Map<string, Promise<LocalTenant>>()
  /** The tenants whose data is open, for the request path to reach without a promise. */
  readonly #open = new Map<string, LocalTenant>()
  /** While every tenant is being reset, no tenant opens (it could read a file about to be removed). */
  #gate: Promise<void> | undefined

  constructor (base: BaseData, persistence: Persistence) {
    this.#base = base
    this.#persistence = persistence
  }

  tenant (tenantId: string): Promise<TenantData> {
    return this.#tenant(tenantId)
  }

  #tenant (tenantId: string): Promise<LocalTenant> {
    let data = this.#tenants.get(tenantId)
    if (data === undefined) {
      data = this.#opening(tenantId)
      this.#tenants.set(tenantId, data)
    }
    return data
  }

  #opening (tenantId: string): Promise<LocalTenant> {
    const gate = this.#gate
    const opening: Promise<LocalTenant> = (gate === undefined ? Promise.resolve() : gate)
      .then(() => LocalTenant.open(this.#base, this.#persistence.log(tenantId)))
      .then((opened) => {
        // Only while this opening is still the tenant's.
        if (this.#tenants.get(tenantId) === opening) this.#open.set(tenantId, opened)
        return opened
      })
    opening.catch((err: unknown) => {
      // A damaged tenant keeps its failure (so it is reported once); anything else is tried again.
      if (this.#tenants.get(tenantId) === opening && !(err instanceof TenantUnreadable)) this.#tenants.delete(tenantId)
    })
    return opening
  }

  /** A tenant's data when it is already open; undefined until `tenant()` has opened it. */
  opened (tenantId: string): TenantData | undefined {
    return this.#open.get(tenantId)
  }

  /**
   * Drops a tenant's changes at one point in its stream of writes: every write committed before
   * is gone (on disk too), every write after is kept. A damaged tenant's files are removed.
   */
  async reset (tenantId: string): Promise<void> {
    // An open tenant takes the reset into its queue at once, behind the writes already asked for.
    const open = this.#open.get(tenantId)
    if (open !== undefined) return open.reset()
    let tenant: LocalTenant
    try {
      tenant = await this.#tenant(tenantId)
    } catch {
      // Unreadable: its files go, and it opens afresh (requests meanwhile wait for that).
      this.#open.delete(tenantId)
      const log = this.#persistence.log(tenantId)
      const fresh = log.clear().then(() => LocalTenant.open(this.#base, log))
      this.#tenants.set(tenantId, fresh)
      fresh.then((opened) => { if (this.#tenants.get(tenantId) === fresh) this.#open.set(tenantId, opened) }, () => this.#tenants.delete(tenantId))
      await fresh
      return
    }
    await tenant.reset()
  }

  /** Resets the tenants named (those that were open or opening when the gate closed); answers their ids. */
  async resetOpen (ids: readonly string[]): Promise<readonly string[]> {
    await Promise.all(ids.map((id) => this.reset(id)))
    return ids
  }

  /**
   * Holds back every tenant that is not yet open while `work` runs (it removes the stored data of
   * tenants that are not open, and must not race their opening).
   */
  async gated (work: (opened: readonly string[]) => Promise<void>): Promise<void> {
    let release!: () => void
    const gate = new Promise<void>((resolve) => { release = resolve })
    const before = this.#gate
    this.#gate = gate
    // The tenants open or opening now; any other opens only once `work` is done (and must not be waited for in it).
    const opened = [...this.#tenants.keys()]
    try {
      await before
      await work(opened)
    } finally {
      release()
      if (this.#gate === gate) this.#gate = undefined
    }
  }

  /** The keys of the tenants this store holds (open, opening or failed). */
  keys (): string[] {
    return [...this.#tenants.keys()]
  }
}
