import type { BaseData } from './base.js'
import type { TenantData } from './contract.js'
import { LocalTenants } from './local-tenants.js'
import type { Persistence } from './persistence.js'
import type { SharedEngine } from './shared-engine.js'
import type { TenantSource } from './tenant-source.js'

export type { TenantData, TenantView, TenantWrite } from './contract.js'

/** Where tenants are kept: in this process (memory, the log files) or shared by replicas (PostgreSQL). */
export type StoreEngine = Persistence | SharedEngine

/**
 * An API's data for every tenant, from the engine's tenant source: in this process (memory, the
 * log files) or shared by replicas (PostgreSQL, where every read asks the database whether the
 * tenant changed, so there is no synchronous fast path).
 */
export class ApiStore {
  readonly base: BaseData
  readonly #tenants: TenantSource
  /** The engine's tenants when they are held in this process (resetting everything gates them). */
  readonly local: LocalTenants | undefined

  constructor (base: BaseData, engine: StoreEngine) {
    this.base = base
    this.local = 'shared' in engine ? undefined : new LocalTenants(base, engine)
    this.#tenants = this.local ?? (engine as SharedEngine).tenants(base)
  }

  tenant (tenantId: string): Promise<TenantData> {
    return this.#tenants.tenant(tenantId)
  }

  /** A tenant's data when it is already open; undefined until `tenant()` has opened it (always, on a shared engine). */
  opened (tenantId: string): TenantData | undefined {
    return this.#tenants.opened(tenantId)
  }

  /**
   * Drops a tenant's changes at one point in its stream of writes: every write committed before
   * is gone (for good, and for every replica), every write after is kept.
   */
  reset (tenantId: string): Promise<void> {
    return this.#tenants.reset(tenantId)
  }

  /** The keys of the tenants this store holds (open, opening or failed). */
  keys (): string[] {
    return this.#tenants.keys()
  }
}

/**
 * Resets every tenant of every API: the open ones each at a point in their stream of writes, the
 * stored ones that are not open by removing their files while none of them can open.
 */
export async function resetEverything (stores: readonly ApiStore[], persistence: StoreEngine): Promise<void> {
  if ('shared' in persistence) return persistence.resetAll()
  const tenants = stores.map((store) => store.local!)
  const keep = new Set<string>()
  const opened: Array<readonly string[]> = []
  const run = async (i: number): Promise<void> => {
    if (i < stores.length) {
      return tenants[i]!.gated(async (ids) => {
        opened[i] = ids
        await run(i + 1)
      })
    }
    for (const [j, local] of tenants.entries()) for (const id of await local.resetOpen(opened[j]!)) keep.add(id)
    await persistence.clearAllExcept(keep)
  }
  await run(0)
}
