import { Problem } from '../../engine/problems.js'
import { COLUMNS, COLUMN_NAMES, type Column, type ColumnName, type CustomerProfile } from './columns.js'
import { parseFilter, type Predicate } from './filter.js'

/** The list call's query as Fastify hands it over (coerced and defaulted by the spec's schema). */
export interface ListQueryInput {
  search: 'all' | 'any'
  page: number
  pageSize: number
  limit?: number
  columns?: string[]
  orderby?: string[]
  [filter: string]: unknown
}

export interface OrderTerm { column: Column, descending: boolean }

export interface Selection {
  /** The records' order, ID ascending last, so pages never overlap. */
  order: OrderTerm[]
  /** Stable text of the order, for the view cache. */
  orderKey: string
  /** Stable text of the filters and their combinator; '' when there are none. */
  filterKey: string
  /** The filters combined; built only when needed (a view cache miss) and only when there are filters. */
  predicate: () => Predicate
}

export const DEFAULT_COLUMNS: readonly ColumnName[] = ['ID', 'Name']
export const ALL_COLUMNS: readonly ColumnName[] = COLUMN_NAMES

const KNOWN = COLUMN_NAMES.join(', ')

/** `columns=ID,Name` (or the parameter repeated): the names, split and trimmed, in the order asked; a bounded number. */
function names (lists: string[], parameter: string): string[] {
  const out: string[] = []
  for (const list of lists) {
    for (const item of list.split(',')) {
      const name = item.trim()
      if (name !== '') out.push(name)
    }
  }
  if (out.length > COLUMN_NAMES.length * 2) {
    throw new Problem('invalid-parameter', `query parameter '${parameter}' names more than ${COLUMN_NAMES.length * 2} columns`, {
      field: { in: 'query', name: parameter }, reason: 'max-items', value: lists.join(','),
    })
  }
  return out
}

function unknownColumns (unknown: string[], parameter: string, label: string): Problem {
  return new Problem('invalid-parameter', `${label}: ${unknown.join(', ')} (known columns: ${KNOWN})`, {
    field: { in: 'query', name: parameter }, reason: 'unknown-enum', value: unknown.join(','),
  })
}

/** The columns to show: the asked ones (unknown → 422), else the defaults. */
export function parseColumns (lists: string[] | undefined, defaults: readonly ColumnName[]): readonly ColumnName[] {
  if (lists === undefined) return defaults
  const asked = names(lists, 'columns')
  const unknown = asked.filter((n) => !COLUMNS.has(n))
  if (unknown.length > 0) throw unknownColumns(unknown, 'columns', 'Invalid columns')
  return asked.length === 0 ? defaults : [...new Set(asked)] as ColumnName[]
}

function parseOrder (lists: string[] | undefined): OrderTerm[] {
  const terms: OrderTerm[] = []
  const seen = new Set<string>()
  const unknown: string[] = []
  for (const item of names(lists ?? [], 'orderby')) {
    const descending = item.startsWith('-')
    const name = descending ? item.slice(1) : item
    const column = COLUMNS.get(name)
    if (column === undefined) { unknown.push(name); continue }
    // A column ordered twice: the first mention decides.
    if (!seen.has(name)) terms.push({ column, descending })
    seen.add(name)
  }
  if (unknown.length > 0) throw unknownColumns(unknown, 'orderby', 'Invalid orderby columns')
  if (!seen.has('ID')) terms.push({ column: COLUMNS.get('ID')!, descending: false })
  return terms
}

/**
 * Filters, combinator and order of a list call. The filters are parsed (and a bad one refused)
 * when the predicate is built: on a view cache miss, which an invalid filter always is.
 */
export function parseSelection (query: ListQueryInput): Selection {
  const order = parseOrder(query.orderby)
  const filters: Array<[Column, string]> = []
  for (const column of COLUMNS.values()) {
    const raw = query[column.name]
    if (typeof raw === 'string') filters.push([column, raw])
  }
  const filterKey = filters.length === 0 ? '' : `${query.search}\u0000${filters.map(([c, raw]) => `${c.name}=${raw}`).join('\u0000')}`
  return {
    order,
    orderKey: order.map((t) => (t.descending ? '-' : '') + t.column.name).join(','),
    filterKey,
    predicate () {
      const tests = filters.map(([column, raw]) => parseFilter(column, raw))
      if (tests.length === 1) return tests[0]!
      return query.search === 'any'
        ? (record) => tests.some((test) => test(record))
        : (record) => tests.every((test) => test(record))
    },
  }
}

export function comparator (order: OrderTerm[]): (a: CustomerProfile, b: CustomerProfile) => number {
  return (a, b) => {
    for (const { column, descending } of order) {
      const c = column.sort(a, b)
      if (c !== 0) return descending ? -c : c
    }
    return 0
  }
}

/** A record with only the asked columns. */
export function project (record: CustomerProfile, columns: readonly ColumnName[]): Partial<CustomerProfile> {
  const out: Partial<CustomerProfile> = {}
  for (const name of columns) (out as Record<string, unknown>)[name] = record[name]
  return out
}
