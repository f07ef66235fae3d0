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
