// The store contract every engine implements (memory, the embedded log files, PostgreSQL).
// Handlers read a tenant's committed data, and change it only inside a transaction: a
// function that runs alone for that tenant and whose writes become visible together, once
// they are durable, or not at all.

/** A read-only view of one tenant's data: its own changes laid over the API's base data. */
export interface TenantView {
  /** The record, or undefined when it is absent (or deleted by this tenant). */
  get: (collection: string, id: string) => unknown
  /** Every record of a collection: base order first, then this tenant's additions. */
  list: (collection: string) => unknown[]
}

/** What a transaction can do: read (its own writes included), write, delete, allocate ids. */
export interface TenantWrite extends TenantView {
  put: (collection: string, id: string, record: unknown) => void
  /** Deletes a record; false when there was none. */
  remove: (collection: string, id: string) => boolean
  /** The next number of a counter, starting at `start`; kept with the transaction's writes. */
  allocate: (counter: string, start: number) => number
}

/**
 * One tenant's data. Reads see what is committed. `transact` runs `work` with no other write
 * to this tenant in between, and resolves with its result once its writes are durable (a
 * transaction that wrote nothing resolves as soon as it ran). When `work` throws, nothing of
 * it is kept; when the writes cannot be made durable, nothing of them is visible and the
 * promise rejects with a StoreUnavailable.
 */
export interface TenantData extends TenantView {
  /**
   * How many times this tenant changed a collection since it was opened: a view derived from
   * `list()` (sorted, filtered) stays valid while the revision stays the same.
   */
  revision: (collection: string) => number
  /**
   * `work` must not await: a transaction is one synchronous unit. A shared engine may run it a
   * second time (another replica committed first), so it acts only through `tx` and its result.
   */
  transact: <T>(work: (tx: TenantWrite) => T) => Promise<T>
}

/** The store cannot read or keep a tenant's data just now: the client's call may be retried. */
export class StoreUnavailable extends Error {
  override name = 'StoreUnavailable'
}

/** A tenant's stored data is damaged: its calls answer 503 until the tenant is reset. */
export class TenantUnreadable extends StoreUnavailable {
  override name = 'TenantUnreadable'
}
