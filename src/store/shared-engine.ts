import type { Clock, TokenKeeper } from '../auth/tokens.js'
import type { BaseData } from './base.js'
import type { TenantSource } from './tenant-source.js'

/**
 * One API's tenants kept outside this process, shared by every replica: each read asks whether
 * the tenant changed (so it sees every write acknowledged anywhere), so none is ever `opened`
 * (no synchronous fast path); a reset reaches every replica.
 */
export type SharedTenants = TenantSource

/** What `/__sandbox/health` reports of the engine. */
export interface EngineHealth {
  status: 'ok' | 'degraded'
  engine: string
  replica: string
  reason?: string
}

/** The request journal's storage in a shared engine: entries are plain JSON objects with a `seq`. */
export interface JournalRows {
  /** Stores entries (in order); resolves once every replica can read them (a journal may trade durability for speed: PostgreSQL's is unlogged). */
  append: (entries: ReadonlyArray<Record<string, unknown>>) => Promise<void>
  /** The newest entries (at most the capacity), oldest first, each with its `seq`. */
  recent: () => Promise<Array<Record<string, unknown> & { seq: number }>>
  remove: (seqs: readonly number[]) => Promise<number>
}

/** An engine whose state is shared by several processes (PostgreSQL). */
export interface SharedEngine {
  readonly shared: true
  readonly engine: string
  /** This process's id among the replicas. */
  readonly replica: string
  tenants: (base: BaseData) => SharedTenants
  /** The issued tokens of one API, shared by every replica. */
  tokens: (apiId: string, clock: Clock, perClient: number) => TokenKeeper
  /** The request journal of every replica, keeping the newest `capacity` entries. */
  journal: (capacity: number) => JournalRows
  /** Drops every tenant's changes of every API. */
  resetAll: () => Promise<void>
  health: () => Promise<EngineHealth>
  close: () => Promise<void>
}
