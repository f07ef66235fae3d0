import type { TenantData } from '../../store/store.js'
import type { CustomerProfile } from './columns.js'
import { comparator, type Selection } from './query.js'

/** Entries one cache keeps, whatever the number of tenants: least recently used out first. */
const MAX_ENTRIES = 1000

export type RecordSelector = (data: TenantData, collection: string, selection: Selection) => readonly CustomerProfile[]

export interface ViewCache {
  /** The records of a collection that match a selection, in its order. */
  select: RecordSelector
  /** Whatever `build` derives from a collection and a request's raw query text (a page of it). */
  derive: <T>(data: TenantData, collection: string, query: string, build: () => T) => T
}

/**
 * Sorted and filtered views of a collection, and the answers derived from them, kept until the
 * tenant changes the collection: repeated list calls (a paging loop, a client polling a page)
 * neither sort nor filter nor parse their query again. One cache per handler, built at boot.
 */
export function viewCache (): ViewCache {
  // Keyed by tenant (a serial per TenantData: a reset opens a new one), collection and its
  // revision, then the order and filters or the raw query. A change to the collection moves the
  // tenant to new keys; the old entries age out.
  const entries = new Map<string, unknown>()
  const serials = new WeakMap<TenantData, number>()
  let nextSerial = 0

  const remember = <T>(key: string, build: () => T): T => {
    const kept = entries.get(key)
    if (kept !== undefined) {
      // Most recently used last; the newest entry needs no move.
      if (entries.size > 1) {
        entries.delete(key)
        entries.set(key, kept)
      }
      return kept as T
    }
    const entry = build()
    if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!)
    entries.set(key, entry)
    return entry
  }

  const collectionKey = (data: TenantData, collection: string): string => {
    let serial = serials.get(data)
    if (serial === undefined) {
      serial = nextSerial++
      serials.set(data, serial)
    }
    return `${serial}\u0000${collection}\u0000${data.revision(collection)}`
  }

  return {
    select (data, collection, selection) {
      const key = `${collectionKey(data, collection)}\u0000${selection.orderKey}`
      const sorted = (): readonly CustomerProfile[] => remember(key,
        () => (data.list(collection) as CustomerProfile[]).sort(comparator(selection.order)))
      if (selection.filterKey === '') return sorted()
      return remember(`${key}\u0001${selection.filterKey}`, () => {
        // The filters first: an invalid one is refused before anything is sorted.
        const predicate = selection.predicate()
        return sorted().filter(predicate)
      })
    },
    derive: (data, collection, query, build) => remember(`${collectionKey(data, collection)}\u0002${query}`, build),
  }
}
