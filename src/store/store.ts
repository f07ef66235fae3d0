import type { BaseData } from './base.js'
import { TenantUnreadable, type TenantData } from './contract.js'
import { LocalTenant } from './local-tenant.js'
import type { Persistence } from './persistence.js'
import type { SharedEngine, SharedTenants } from './shared-engine.js'

export type { TenantData, TenantView, TenantWrite } from './contract.js'

/** A shared engine's stores keep no log of their own. */
const NO_LOGS: Persistence = {
  engine: 'shared',
  log: () => { throw new Error('a shared engine keeps no tenant log in this process') },
  clearAllExcept: async () => {},
  close: async () => {},
}

/** Where tenants are kept: in this process (memory, the log files) or shared by replicas (PostgreSQL). */
export type StoreEngine = Persistence | SharedEngine

/**
 * An API's data for every tenant. Tenants are opened lazily, once; a tenant whose data cannot be
 * read keeps failing (one report in the log) until it is reset. With a shared engine every call
 * is delegated to it (no sync fast path: each read asks the database whether the tenant changed).
 */
export class ApiStore {
  readonly base: BaseData
  readonly #persistence: Persistence
  readonly #shared: SharedTenants | undefined
  readonly #tenants = new Map<string, Promise<LocalTenant>>()
  /** The tenants whose data is open, for the request path to reach without a promise. */
  readonly #open = new Map<string, LocalTenant>()
  /** While every tenant is being reset, no tenant opens (it could read a file about to be removed). */
  #gate: Promise<void> | undefined

  constructor (base: BaseData, engine: StoreEngine) {
    this.base = base
    if ('shared' in engine) {
      this.#shared = engine.tenants(base)
      this.#persistence = NO_LOGS
    } else {
      this.#persistence = engine
    }
  }

  tenant (tenantId: string): Promise<TenantData> {
    if (this.#shared !== undefined) return this.#shared.tenant(tenantId)
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
      .then(() => LocalTenant.open(this.base, this.#persistence.log(tenantId)))
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
    if (this.#shared !== undefined) return this.#shared.reset(tenantId)
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
      const fresh = log.clear().then(() => LocalTenant.open(this.base, log))
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

/**
 * Resets every tenant of every API: the open ones each at a point in their stream of writes, the
 * stored ones that are not open by removing their files while none of them can open.
 */
export async function resetEverything (stores: readonly ApiStore[], persistence: StoreEngine): Promise<void> {
  if ('shared' in persistence) return persistence.resetAll()
  const keep = new Set<string>()
  const opened: Array<readonly string[]> = []
  const run = async (i: number): Promise<void> => {
    if (i < stores.length) {
      return stores[i]!.gated(async (ids) => {
        opened[i] = ids
        await run(i + 1)
      })
    }
    for (const [j, store] of stores.entries()) for (const id of await store.resetOpen(opened[j]!)) keep.add(id)
    await persistence.clearAllExcept(keep)
  }
  await run(0)
}
