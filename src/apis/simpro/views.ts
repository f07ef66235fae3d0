import type { TenantData } from '../../store/store.js'
import type { CustomerProfile } from './columns.js'
import { comparator, type Selection } from './query.js'

interface Views { revision: number, byKey: Map<string, readonly CustomerProfile[]> }

/** Views kept per collection; past this many, the collection's views are dropped and rebuilt on demand. */
const MAX_VIEWS = 64

// Per tenant (a reset opens a new TenantData, so its views go with the old one) and collection.
const cache = new WeakMap<TenantData, Map<string, Views>>()

function viewsOf (data: TenantData, collection: string): Views {
  let collections = cache.get(data)
  if (collections === undefined) {
    collections = new Map()
    cache.set(data, collections)
  }
  const revision = data.revision(collection)
  let views = collections.get(collection)
  if (views === undefined || views.revision !== revision) {
    views = { revision, byKey: new Map() }
    collections.set(collection, views)
  }
  return views
}

function remember (views: Views, key: string, build: () => readonly CustomerProfile[]): readonly CustomerProfile[] {
  let view = views.byKey.get(key)
  if (view === undefined) {
    view = build()
    if (views.byKey.size >= MAX_VIEWS) views.byKey.clear()
    views.byKey.set(key, view)
  }
  return view
}

/**
 * The records of a collection that match a selection, in its order. Sorted and filtered views
 * are kept until the tenant changes the collection, so repeated list calls (a paging loop) do
 * not sort or filter again.
 */
export function selectRecords (data: TenantData, collection: string, selection: Selection): readonly CustomerProfile[] {
  const views = viewsOf(data, collection)
  const sorted = (): readonly CustomerProfile[] => remember(views, selection.orderKey,
    () => (data.list(collection) as CustomerProfile[]).sort(comparator(selection.order)))
  if (selection.filterKey === '') return sorted()
  return remember(views, `${selection.orderKey}\u0001${selection.filterKey}`, () => {
    const predicate = selection.predicate()
    return predicate === undefined ? sorted() : sorted().filter(predicate)
  })
}
