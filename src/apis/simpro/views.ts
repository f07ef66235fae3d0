import type { TenantData } from '../../store/store.js'
import type { CustomerProfile } from './columns.js'
import { comparator, type Selection } from './query.js'

/** Entries kept per tenant and collection: the oldest out first. */
const MAX_ENTRIES = 1000

/** Bytes all shelves of one cache may hold, unless the server says otherwise (`--cache-bytes`). */
export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024

export type RecordSelector = (data: TenantData, collection: string, selection: Selection) => readonly CustomerProfile[]

export interface ViewCache {
  /** The records of a collection that match a selection, in its order. */
  select: RecordSelector
  /** Whatever `build` derives from a collection and a request's raw query text (a page of it). */
  derive: <T>(data: TenantData, collection: string, query: string, build: () => T) => T
  /** Bytes held now (an estimate), for tests and limits. */
  readonly bytes: number
}

/** One kept view or answer, and what it is estimated to cost. */
interface Entry { value: unknown, bytes: number, shelf: Shelf, key: string }

/** What is kept for one collection of one tenant, valid while the collection's revision holds. */
interface Shelf { revision: number, entries: Map<string, Entry> }

/**
 * Roughly the bytes a kept value adds: a view holds references to records the store already
 * holds (8 bytes each); an answer holds its own text.
 */
function estimate (value: unknown): number {
  if (typeof value === 'string') return value.length + 32
  if (Array.isArray(value)) return value.length * 8 + 32
  if (value === null || typeof value !== 'object') return 16
  let bytes = 32
  for (const key in value) bytes += key.length + estimate((value as Record<string, unknown>)[key])
  return bytes
}

/**
 * Sorted and filtered views of a collection, and the answers derived from them, kept until the
 * tenant changes the collection: repeated list calls (a paging loop, a client polling a page)
 * neither sort nor filter nor parse their query again. One cache per handler, built at boot;
 * it holds at most `maxBytes` across all tenants, the oldest entries out first.
 */
export function viewCache (maxBytes = DEFAULT_CACHE_BYTES): ViewCache {
  // Per TenantData (a reset opens a new one, and the old shelves go with it), per collection;
  // a change to the collection (its revision) empties its shelf.
  const shelves = new WeakMap<TenantData, Map<string, Shelf>>()
  // Every kept entry of every shelf, oldest first: the byte budget evicts from the front.
  const order = new Set<Entry>()
  let total = 0

  const forget = (entry: Entry): void => {
    order.delete(entry)
    entry.shelf.entries.delete(entry.key)
    total -= entry.bytes
  }

  const shelfOf = (data: TenantData, collection: string): Shelf => {
    let own = shelves.get(data)
    if (own === undefined) {
      own = new Map()
      shelves.set(data, own)
    }
    const revision = data.revision(collection)
    let shelf = own.get(collection)
    if (shelf === undefined || shelf.revision !== revision) {
      // The stale shelf's entries leave the budget with it.
      if (shelf !== undefined) for (const entry of [...shelf.entries.values()]) forget(entry)
      shelf = { revision, entries: new Map() }
      own.set(collection, shelf)
    }
    return shelf
  }

  const remember = <T>(shelf: Shelf, key: string, build: () => T): T => {
    const kept = shelf.entries.get(key)
    if (kept !== undefined) return kept.value as T
    const value = build()
    const bytes = estimate(value)
    // Larger than the whole budget: answered, not kept.
    if (bytes > maxBytes) return value
    if (shelf.entries.size >= MAX_ENTRIES) forget(shelf.entries.values().next().value!)
    for (const oldest of order) {
      if (total + bytes <= maxBytes) break
      forget(oldest)
    }
    const entry: Entry = { value, bytes, shelf, key }
    shelf.entries.set(key, entry)
    order.add(entry)
    total += bytes
    return value
  }

  return {
    select (data, collection, selection) {
      const shelf = shelfOf(data, collection)
      // Views and derived answers share the shelf; their keys cannot meet (a query text has no NUL).
      const key = `\u0000${selection.orderKey}`
      const sorted = (): readonly CustomerProfile[] => remember(shelf, key,
        () => (data.list(collection) as CustomerProfile[]).sort(comparator(selection.order)))
      if (selection.filterKey === '') return sorted()
      return remember(shelf, `${key}\u0001${selection.filterKey}`, () => {
        // The filters first: an invalid one is refused before anything is sorted.
        const predicate = selection.predicate()
        return sorted().filter(predicate)
      })
    },
    derive: (data, collection, query, build) => remember(shelfOf(data, collection), query, build),
    get bytes () { return total },
  }
}
