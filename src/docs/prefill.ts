import { randomUUID } from 'node:crypto'
import { SpecError } from '../spec/load.js'

/**
 * `x-sandbox-prefill: <kind>` on a header parameter: the playground fills the field with a
 * fresh value of that kind for every request (unless the user typed their own).
 */
export const PREFILL_KINDS = ['uuid'] as const
export type PrefillKind = (typeof PREFILL_KINDS)[number]

/**
 * The placeholder shown in a prefilled field, one per kind (valid for the field's schema).
 * The playground's request interceptor replaces it with a fresh value on every request.
 */
export type Placeholders = Record<PrefillKind, string>

export function newPlaceholders (): Placeholders {
  return { uuid: randomUUID() }
}

const isPrefillKind = (value: unknown): value is PrefillKind => PREFILL_KINDS.includes(value as PrefillKind)

/**
 * Finds every parameter of the document (inline or under components) that carries
 * `x-sandbox-prefill`, checks it and gives it the placeholder as its example.
 * Returns the header names that are prefilled, by kind.
 */
export function applyPrefill (doc: unknown, file: string, placeholders: Placeholders): Map<PrefillKind, string[]> {
  const found = new Map<PrefillKind, string[]>()
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return
    if (Array.isArray(node)) {
      for (const item of node) visit(item)
      return
    }
    const object = node as Record<string, unknown>
    if ('x-sandbox-prefill' in object) {
      const kind = object['x-sandbox-prefill']
      const where = `parameter ${String(object.name)}`
      if (object.in !== 'header' || typeof object.name !== 'string') throw new SpecError(file, `${where}: x-sandbox-prefill is only for header parameters`)
      if (!isPrefillKind(kind)) throw new SpecError(file, `${where}: x-sandbox-prefill "${String(kind)}" is not one of: ${PREFILL_KINDS.join(', ')}`)
      object.example = placeholders[kind]
      delete object.examples
      found.set(kind, [...(found.get(kind) ?? []), object.name])
      return
    }
    for (const value of Object.values(object)) visit(value)
  }
  visit(doc)
  return found
}
