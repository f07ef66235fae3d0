import type { Change, OverlayState } from './overlay-state.js'

/** Where the store reports what an operator must know (a damaged file, a failed compaction). */
export interface StoreLogger {
  warn: (fields: Record<string, unknown>, message: string) => void
  error: (fields: Record<string, unknown>, message: string) => void
}

/** Runs `fn` alone for its tenant, between two of its transactions. */
export type Exclusive = (fn: () => Promise<void>) => Promise<void>

/** The durable side of one tenant, for an engine that keeps the tenant's state in this process. */
export interface TenantLog {
  /** Reads what the tenant committed into `state`; throws TenantUnreadable when it cannot be read. */
  load: (state: OverlayState) => Promise<void>
  /** Makes one batch of changes durable; throws when it could not (then nothing of it counts). */
  append: (changes: readonly Change[], counters: ReadonlyMap<string, number>) => Promise<void>
  /** Removes everything the tenant has stored, whatever shape it is in. */
  clear: () => Promise<void>
  /** After each commit: the log may rewrite itself from `state` (run through `exclusive`). */
  committed?: (state: OverlayState, exclusive: Exclusive) => void
}

/** An engine's persistence: one log per tenant, by the tenant's key (`<api>:<tenant>`). */
export interface Persistence {
  /** What `/__sandbox/health` says of the engine. */
  readonly engine: string
  log: (tenantKey: string) => TenantLog
  /** Removes every stored tenant except those named (open tenants reset themselves). */
  clearAllExcept: (keep: ReadonlySet<string>) => Promise<void>
  close: () => Promise<void>
}

/** In memory only: nothing survives the process. */
export function memoryPersistence (): Persistence {
  const log: TenantLog = { load: async () => {}, append: async () => {}, clear: async () => {} }
  return { engine: 'memory', log: () => log, clearAllExcept: async () => {}, close: async () => {} }
}

/**
 * In memory, but kept apart from the tenants that use it: a tenant opened again (by a new server
 * instance after a reload, see src/watch.ts) reads what it committed. Each tenant's last change
 * per record is kept (records are shared with the tenant's state, not copied).
 */
export function retainedMemoryPersistence (): Persistence {
  const logs = new Map<string, { changes: Map<string, Change>, counters: Map<string, number> }>()
  const log = (tenantKey: string): TenantLog => ({
    async load (state) {
      const kept = logs.get(tenantKey)
      if (kept !== undefined) state.apply([...kept.changes.values()], kept.counters)
    },
    async append (changes, counters) {
      let kept = logs.get(tenantKey)
      if (kept === undefined) logs.set(tenantKey, kept = { changes: new Map(), counters: new Map() })
      for (const change of changes) kept.changes.set(`${change[0]}\u0000${change[1]}`, change)
      for (const [name, value] of counters) kept.counters.set(name, value)
    },
    async clear () { logs.delete(tenantKey) },
  })
  return {
    engine: 'memory',
    log,
    async clearAllExcept (keep) { for (const key of [...logs.keys()]) if (!keep.has(key)) logs.delete(key) },
    close: async () => {},
  }
}
