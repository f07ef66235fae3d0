import { wildcardMatcher } from './wildcard.js'

/** A customer profile as stored. */
export interface CustomerProfile {
  ID: number
  Name: string
  Archived: boolean
}

export type ColumnName = keyof CustomerProfile
type Value = number | string | boolean

/** How one column reads a filter value, compares and matches. */
export interface Column {
  name: ColumnName
  /** A filter value as this column's type; what was expected when it is not one. */
  parse: (text: string) => Value | { error: string }
  /** Equality, with `%` wildcards where the column allows them. */
  equals: (value: Value) => (record: CustomerProfile) => boolean
  /** A record's order against a filter value (<0, 0, >0); absent where lt()/gt()/between() make no sense. */
  compareTo?: (value: Value) => (record: CustomerProfile) => number
  sort: (a: CustomerProfile, b: CustomerProfile) => number
}

const INTEGER = /^-?\d{1,15}$/

const id: Column = {
  name: 'ID',
  parse: (text) => (INTEGER.test(text) ? Number(text) : { error: 'a whole number' }),
  equals: (value) => (record) => record.ID === value,
  compareTo: (value) => (record) => record.ID - (value as number),
  sort: (a, b) => a.ID - b.ID,
}

// Names compare without regard to case, as simPRO's database does.
const lower = (text: string): string => text.toLowerCase()
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

const name: Column = {
  name: 'Name',
  parse: (text) => text,
  equals (value) {
    const matches = wildcardMatcher(lower(value as string))
    return (record) => matches(lower(record.Name))
  },
  compareTo (value) {
    const other = lower(value as string)
    return (record) => compareText(lower(record.Name), other)
  },
  sort: (a, b) => compareText(lower(a.Name), lower(b.Name)) || compareText(a.Name, b.Name),
}

const archived: Column = {
  name: 'Archived',
  parse (text) {
    const word = lower(text)
    if (word === 'true' || word === '1') return true
    if (word === 'false' || word === '0') return false
    return { error: 'true or false' }
  },
  equals: (value) => (record) => record.Archived === value,
  sort: (a, b) => Number(a.Archived) - Number(b.Archived),
}

export const COLUMNS: ReadonlyMap<string, Column> = new Map([id, name, archived].map((c) => [c.name, c]))
export const COLUMN_NAMES = [...COLUMNS.keys()] as ColumnName[]
