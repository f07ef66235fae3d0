import type { BaseData } from './base.js'
import type { TenantView, TenantWrite } from './contract.js'

const NO_RECORDS: ReadonlyMap<string, unknown> = new Map()

/** One change: a record put (three items) or deleted (two). */
export type Change = [collection: string, id: string, record: unknown] | [collection: string, id: string]

/**
 * What one tenant changed, in memory: records by collection and id (null hides a record of the
 * base data) and the counters it allocated ids from. A deleted record of the tenant's own leaves
 * nothing behind, so churn never piles up tombstones.
 */
export class OverlayState implements TenantView {
  readonly base: BaseData
  readonly records = new Map<string, Map<string, unknown>>()
  readonly counters = new Map<string, number>()

  constructor (base: BaseData) {
    this.base = base
  }

  get (collection: string, id: string): unknown {
    const own = this.records.get(collection)
    if (own !== undefined) {
      const record = own.get(id)
      if (record !== undefined) return record ?? undefined
    }
    return (this.base.get(collection) ?? NO_RECORDS).get(id)
  }

  list (collection: string): unknown[] {
    const own = this.records.get(collection)
    const out: unknown[] = []
    for (const [id, record] of this.base.get(collection) ?? NO_RECORDS) {
      if (own === undefined || !own.has(id)) out.push(record)
    }
    if (own !== undefined) for (const record of own.values()) if (record !== null) out.push(record)
    return out
  }

  /** Ids and records of a collection, in `list()` order. */
  entries (collection: string): Array<[string, unknown]> {
    const own = this.records.get(collection)
    const out: Array<[string, unknown]> = []
    for (const [id, record] of this.base.get(collection) ?? NO_RECORDS) {
      if (own === undefined || !own.has(id)) out.push([id, record])
    }
    if (own !== undefined) for (const entry of own) if (entry[1] !== null) out.push(entry)
    return out
  }

  /** Applies committed changes; answers the collections they touched. */
  apply (changes: readonly Change[], counters: Iterable<[string, number]>): Set<string> {
    const touched = new Set<string>()
    for (const change of changes) {
      const [collection, id] = change
      let own = this.records.get(collection)
      if (own === undefined) {
        own = new Map()
        this.records.set(collection, own)
      }
      if (change.length === 3) own.set(id, change[2])
      else if ((this.base.get(collection) ?? NO_RECORDS).has(id)) own.set(id, null)
      else own.delete(id)
      touched.add(collection)
    }
    for (const [name, value] of counters) this.counters.set(name, value)
    return touched
  }

  /** Forgets every change: the tenant reads the base data again. Answers the collections it had changed. */
  clear (): Set<string> {
    const touched = new Set(this.records.keys())
    this.records.clear()
    this.counters.clear()
    return touched
  }

  /** Live records only (deleted own records are gone; tombstones over base records stay). */
  size (): number {
    let n = 0
    for (const own of this.records.values()) n += own.size
    return n
  }
}

const DELETED = Symbol('deleted')
const NO_COUNTERS: ReadonlyMap<string, number> = new Map()

/**
 * The writes of one transaction, or of a batch of them, staged over what is below it (the
 * committed state, or the batch): reads see staged writes first. Nothing reaches the state
 * below until the stage is merged (into its batch) or applied (after the batch is durable).
 */
export class Stage implements TenantWrite {
  readonly #below: OverlayState | Stage
  // Made on the first write: most stages of a batch hold one write, many reads hold none.
  #records: Map<string, Map<string, unknown>> | undefined
  #counters: Map<string, number> | undefined

  constructor (below: OverlayState | Stage) {
    this.#below = below
  }

  get empty (): boolean {
    return this.#records === undefined && this.#counters === undefined
  }

  get (collection: string, id: string): unknown {
    const own = this.#records?.get(collection)
    if (own !== undefined && own.has(id)) {
      const record = own.get(id)
      return record === DELETED ? undefined : record
    }
    return this.#below.get(collection, id)
  }

  list (collection: string): unknown[] {
    return this.entries(collection).map(([, record]) => record)
  }

  entries (collection: string): Array<[string, unknown]> {
    const below = this.#below.entries(collection)
    const own = this.#records?.get(collection)
    if (own === undefined) return below
    const out: Array<[string, unknown]> = []
    const seen = new Set<string>()
    for (const [id, record] of below) {
      if (!own.has(id)) out.push([id, record])
      else {
        seen.add(id)
        const mine = own.get(id)
        if (mine !== DELETED) out.push([id, mine])
      }
    }
    for (const [id, record] of own) if (!seen.has(id) && record !== DELETED) out.push([id, record])
    return out
  }

  put (collection: string, id: string, record: unknown): void {
    if (record === undefined || record === null) throw new TypeError(`a record of ${collection} must be a value, not ${String(record)}`)
    this.#own(collection).set(id, record)
  }

  remove (collection: string, id: string): boolean {
    if (this.get(collection, id) === undefined) return false
    this.#own(collection).set(id, DELETED)
    return true
  }

  #own (collection: string): Map<string, unknown> {
    this.#records ??= new Map()
    let own = this.#records.get(collection)
    if (own === undefined) {
      own = new Map()
      this.#records.set(collection, own)
    }
    return own
  }

  allocate (counter: string, start: number): number {
    const next = (this.counter(counter) ?? start - 1) + 1
    ;(this.#counters ??= new Map()).set(counter, next)
    return next
  }

  counter (name: string): number | undefined {
    return this.#counters?.get(name) ?? (this.#below instanceof Stage ? this.#below.counter(name) : this.#below.counters.get(name))
  }

  /** Moves this stage's writes into the stage below it (a transaction that ran without error joins its batch). */
  mergeDown (): void {
    const below = this.#below
    if (!(below instanceof Stage)) throw new Error('only a transaction merges into its batch')
    if (this.#records !== undefined) {
      for (const [collection, own] of this.#records) {
        for (const [id, record] of own) {
          if (record === DELETED) below.remove(collection, id)
          else below.put(collection, id, record)
        }
      }
    }
    if (this.#counters !== undefined) for (const [name, value] of this.#counters) (below.#counters ??= new Map()).set(name, value)
  }

  /** The staged writes as changes, in the order they were first made. */
  changes (): Change[] {
    const out: Change[] = []
    if (this.#records === undefined) return out
    for (const [collection, own] of this.#records) {
      for (const [id, record] of own) out.push(record === DELETED ? [collection, id] : [collection, id, record])
    }
    return out
  }

  counters (): ReadonlyMap<string, number> {
    return this.#counters ?? NO_COUNTERS
  }
}
