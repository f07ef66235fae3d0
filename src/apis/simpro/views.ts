import type { TenantData } from '../../store/store.js'
import type { CustomerProfile } from './columns.js'
import { comparator, type Selection } from './query.js'

/** Entries kept per tenant and collection: the oldest out first. */
const MAX_ENTRIES = 1000

export type RecordSelector = (data: TenantData, collection: string, selection: Selection) => readonly CustomerProfile[]

export interface ViewCache {
  /** The records of a collection that match a selection, in its order. */
  select: RecordSelector
  /** Whatever `build` derives from a collection and a request's raw query text (a page of it). */
  derive: <T>(data: TenantData, collection: string, query: string, build: () => T) => T
}

/** What is kept for one collection of one tenant, valid while the collection's revision holds. */
interface Shelf { revision: number, entries: Map<string, unknown> }

/**
 * Sorted and filtered views of a collection, and the answers derived from them, kept until the
 * tenant changes the collection: repeated list calls (a paging loop, a client polling a page)
 * neither sort nor filter nor parse their query again. One cache per handler, built at boot.
 */
export function viewCache (): ViewCache {
  // Per TenantData (a reset opens a new one, and the old shelves go with it), per collection;
  // a change to the collection (its revision) empties its shelf.
  const shelves = new WeakMap<TenantData, Map<string, Shelf>>()

  const shelfOf = (data: TenantData, collection: string): Map<string, unknown> => {
    let own = shelves.get(data)
    if (own === undefined) {
      own = new Map()
      shelves.set(data, own)
    }
    const revision = data.revision(collection)
    let shelf = own.get(collection)
    if (shelf === undefined || shelf.revision !== revision) {
      shelf = { revision, entries: new Map() }
      own.set(collection, shelf)
    }
    return shelf.entries
  }

  const remember = <T>(entries: Map<string, unknown>, key: string, build: () => T): T => {
    const kept = entries.get(key)
    if (kept !== undefined) return kept as T
    const entry = build()
    if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!)
    entries.set(key, entry)
    return entry
  }

  return {
    select (data, collection, selection) {
      const entries = shelfOf(data, collection)
      // Views and derived answers share the shelf; their keys cannot meet (a query text has no NUL).
      const key = `\u0000${selection.orderKey}`
      const sorted = (): readonly CustomerProfile[] => remember(entries, key,
        () => (data.list(collection) as CustomerProfile[]).sort(comparator(selection.order)))
      if (selection.filterKey === '') return sorted()
      return remember(entries, `${key}\u0001${selection.filterKey}`, () => {
        // The filters first: an invalid one is refused before anything is sorted.
        const predicate = selection.predicate()
        return sorted().filter(predicate)
      })
    },
    derive: (data, collection, query, build) => remember(shelfOf(data, collection), query, build),
  }
}
