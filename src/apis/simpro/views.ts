import type { TenantData } from '../../store/store.js'
import type { CustomerProfile } from './columns.js'
import { comparator, type Selection } from './query.js'

/** Views one cache keeps, whatever the number of tenants: least recently used out first. */
const MAX_VIEWS = 1000

export type RecordSelector = (data: TenantData, collection: string, selection: Selection) => readonly CustomerProfile[]

/**
 * The records of a collection that match a selection, in its order. Sorted and filtered views
 * are kept until the tenant changes the collection, so repeated list calls (a paging loop) do
 * not sort or filter again. One cache per handler, built at boot.
 */
export function viewCache (): RecordSelector {
  // Keyed by tenant (a serial per TenantData: a reset opens a new one), collection and its
  // revision, order and filters. A change to the collection moves the tenant to new keys; the
  // old views age out.
  const views = new Map<string, readonly CustomerProfile[]>()
  const serials = new WeakMap<TenantData, number>()
  let nextSerial = 0

  const remember = (key: string, build: () => readonly CustomerProfile[]): readonly CustomerProfile[] => {
    const kept = views.get(key)
    if (kept !== undefined) {
      views.delete(key)
      views.set(key, kept)
      return kept
    }
    const view = build()
    if (views.size >= MAX_VIEWS) views.delete(views.keys().next().value!)
    views.set(key, view)
    return view
  }

  return (data, collection, selection) => {
    let serial = serials.get(data)
    if (serial === undefined) {
      serial = nextSerial++
      serials.set(data, serial)
    }
    const key = `${serial}\u0000${collection}\u0000${data.revision(collection)}\u0000${selection.orderKey}`
    const sorted = (): readonly CustomerProfile[] => remember(key,
      () => (data.list(collection) as CustomerProfile[]).sort(comparator(selection.order)))
    if (selection.filterKey === '') return sorted()
    return remember(`${key}\u0001${selection.filterKey}`, () => {
      // The filters first: an invalid one is refused before anything is sorted.
      const predicate = selection.predicate()
      return sorted().filter(predicate)
    })
  }
}
