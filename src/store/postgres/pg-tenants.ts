import type pg from 'pg'
import type { BaseData } from '../base.js'
import type { TenantData } from '../contract.js'
import type { SharedTenants } from '../shared-engine.js'
import type { GroupCommit } from './group-commit.js'
import { PgTenant } from './pg-tenant.js'
import type { VersionProbe } from './version-probe.js'

/** One API's tenants on PostgreSQL, each cached by this replica and checked before every read. */
export class PgTenants implements SharedTenants {
  readonly #base: BaseData
  readonly #pool: pg.Pool
  readonly #probe: VersionProbe
  readonly #commits: GroupCommit
  readonly #tenants = new Map<string, PgTenant>()

  constructor (base: BaseData, pool: pg.Pool, probe: VersionProbe, commits: GroupCommit) {
    this.#base = base
    this.#pool = pool
    this.#probe = probe
    this.#commits = commits
  }

  #cached (key: string): PgTenant {
    let tenant = this.#tenants.get(key)
    if (tenant === undefined) {
      tenant = new PgTenant(key, this.#base, this.#pool, this.#commits)
      this.#tenants.set(key, tenant)
    }
    return tenant
  }

  async tenant (key: string): Promise<TenantData> {
    const tenant = this.#cached(key)
    const position = await this.#probe.position(key)
    if (position.version > tenant.version) await tenant.catchUp(position)
    return tenant
  }

  /** Never: every read asks the database first (read-your-writes across replicas). */
  opened (): undefined {
    return undefined
  }

  reset (key: string): Promise<void> {
    return this.#cached(key).reset()
  }

  keys (): string[] {
    return [...this.#tenants.keys()]
  }
}
