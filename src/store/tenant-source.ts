import type { TenantData } from './contract.js'

/** Where an engine keeps one API's tenants: opened on first use, reset in place. */
export interface TenantSource {
  /** The tenant's data, opened (and, on a shared engine, brought up to date) for this call. */
  tenant: (tenantId: string) => Promise<TenantData>
  /** The tenant's data when a call may use it without waiting; undefined otherwise. */
  opened: (tenantId: string) => TenantData | undefined
  /** Drops a tenant's changes at one point in its stream of writes. */
  reset: (tenantId: string) => Promise<void>
  /** The tenants held (open, opening or failed). */
  keys: () => string[]
}
