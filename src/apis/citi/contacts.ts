import { nextId } from '../../store/ids.js'
import { invalidField, type Email, type Phone } from './customer.js'

/** One kind of contact detail that changes in two steps: how a change applies to the customer's list. */
export interface ContactKind<T> {
  /** The customer's field, and the name of the list in bodies. */
  list: 'emails' | 'phones'
  key: 'emailKey' | 'phoneKey'
  /** The list after the change; a Problem when the change does not fit the list. */
  apply: (current: readonly T[], changes: ReadonlyArray<Partial<T>>) => T[]
}

/** The list with each change applied (by key; without one, added with the next key), and the key each change landed on. */
function merge<T extends object> (current: readonly T[], changes: ReadonlyArray<Partial<T>>, key: keyof T & string, list: string): { items: T[], keys: unknown[] } {
  const out = current.map((item) => ({ ...item }))
  const keys: unknown[] = []
  const seen = new Set<unknown>()
  let next = nextId(current.map((item) => Number(item[key])))
  changes.forEach((change, i) => {
    const id = change[key]
    if (id === undefined) {
      keys.push(next)
      out.push({ ...change, [key]: next++ } as T)
      return
    }
    keys.push(id)
    const at = out.findIndex((item) => item[key] === id)
    const field = `/${list}/${i}/${key}`
    if (at === -1) throw invalidField(`${key} ${String(id)} is not one of the customer's ${list}`, field)
    if (seen.has(id)) throw invalidField(`${key} ${String(id)} is changed twice in one request`, field)
    seen.add(id)
    out[at] = { ...out[at], ...change } as T
  })
  return { items: out, keys }
}

export const emails: ContactKind<Email> = {
  list: 'emails',
  key: 'emailKey',
  apply (current, changes) {
    const preferred = changes.filter((c) => c.preferredEmailFlag === true)
    if (preferred.length > 1) throw invalidField('only one email can be preferred', '/emails')
    const { items, keys } = merge(current, changes.map((c) => (c.emailKey === undefined ? { preferredEmailFlag: false, ...c } : c)), 'emailKey', 'emails')
    // A newly preferred email takes the flag from the others.
    const winner = preferred[0]
    if (winner === undefined) return items
    const winnerKey = keys[changes.indexOf(winner)]
    return items.map((e) => ({ ...e, preferredEmailFlag: e.emailKey === winnerKey }))
  },
}

export const phones: ContactKind<Phone> = {
  list: 'phones',
  key: 'phoneKey',
  apply: (current, changes) => merge(current, changes, 'phoneKey', 'phones').items,
}
