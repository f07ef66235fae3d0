import { Problem } from '../../engine/problems.js'
import type { Column, CustomerProfile } from './columns.js'

export type Predicate = (record: CustomerProfile) => boolean

const OPERATORS = ['lt', 'le', 'gt', 'ge', 'ne', 'between', 'in', '!in'] as const
type Operator = (typeof OPERATORS)[number]

/** The most values an in()/!in() list may hold. */
export const MAX_LIST = 100

function invalid (column: Column, raw: string, message: string): Problem {
  return new Problem('invalid-parameter', `query parameter '${column.name}' ${message}`, {
    field: { in: 'query', name: column.name },
    reason: 'invalid-format',
    value: raw,
  })
}

/** `lt(5)` → ['lt', '5']; a value that is not an operator call → undefined. */
function operatorCall (column: Column, raw: string): [Operator, string] | undefined {
  const open = raw.indexOf('(')
  if (open < 2) return undefined
  const name = raw.slice(0, open) as Operator
  if (!OPERATORS.includes(name)) return undefined
  if (!raw.endsWith(')')) throw invalid(column, raw, `calls ${name}() without its closing ')'`)
  return [name, raw.slice(open + 1, -1)]
}

/**
 * One column filter (`Name=%25old%25`, `ID=between(3,9)`, `Archived=ne(true)`) as a predicate.
 * Plain values and the arguments of ne()/in()/!in() match with `%` wildcards on text columns;
 * lt()/le()/gt()/ge()/between() compare (text without regard to case). List items are trimmed.
 */
export function parseFilter (column: Column, raw: string): Predicate {
  const value = (text: string): string | number | boolean => {
    const parsed = column.parse(text)
    if (typeof parsed === 'object') throw invalid(column, raw, `must hold ${parsed.error}, not '${text}'`)
    return parsed
  }
  const list = (text: string, name: string): Array<string | number | boolean> => {
    const items = text.split(',').map((item) => item.trim())
    if (items.length > MAX_LIST) throw invalid(column, raw, `lists more than ${MAX_LIST} values in ${name}()`)
    if (items.some((item) => item === '')) throw invalid(column, raw, `has an empty value in ${name}()`)
    return items.map(value)
  }
  const order = (name: string): NonNullable<Column['compareTo']> => {
    if (column.compareTo === undefined) throw invalid(column, raw, `cannot be compared with ${name}(); use a value, ne(), in() or !in()`)
    return column.compareTo
  }

  const call = operatorCall(column, raw)
  if (call === undefined) return column.equals(value(raw))
  const [operator, args] = call
  switch (operator) {
    case 'ne': {
      const equals = column.equals(value(args))
      return (record) => !equals(record)
    }
    case 'in':
    case '!in': {
      const tests = list(args, operator).map((v) => column.equals(v))
      const any: Predicate = (record) => tests.some((test) => test(record))
      return operator === 'in' ? any : (record) => !any(record)
    }
    case 'between': {
      const bounds = list(args, operator)
      if (bounds.length !== 2) throw invalid(column, raw, 'needs two values in between(a,b)')
      const compare = order(operator)
      const low = compare(bounds[0]!)
      const high = compare(bounds[1]!)
      return (record) => low(record) >= 0 && high(record) <= 0
    }
    default: {
      const compare = order(operator)(value(args))
      if (operator === 'lt') return (record) => compare(record) < 0
      if (operator === 'le') return (record) => compare(record) <= 0
      if (operator === 'gt') return (record) => compare(record) > 0
      return (record) => compare(record) >= 0
    }
  }
}
