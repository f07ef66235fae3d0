import { SpecError } from '../spec/load.js'

/**
 * `x-sandbox-prefill: <kind>` on a header parameter: the playground fills the field with a
 * fresh value of that kind for every request (unless the user typed their own).
 */
export const PREFILL_KINDS = ['uuid'] as const
export type PrefillKind = (typeof PREFILL_KINDS)[number]

/**
 * The placeholder a prefilled field shows, per kind (valid for the field's schema). The
 * playground's request interceptor replaces it with a fresh value on every request. Constant,
 * so a cached playground script always matches the documents.
 */
export const PLACEHOLDERS: Readonly<Record<PrefillKind, string>> = { uuid: '00000000-0000-4000-8000-000000000000' }

const NOTE: Readonly<Record<PrefillKind, string>> = {
  uuid: 'The playground sends a fresh UUID on every request in place of the placeholder shown (a value you type is sent as typed).',
}

const isPrefillKind = (value: unknown): value is PrefillKind => PREFILL_KINDS.includes(value as PrefillKind)

/**
 * Finds every parameter of the document (inline or under components) that carries
 * `x-sandbox-prefill`, checks it and gives it the placeholder as its example and a note.
 */
export function applyPrefill (doc: unknown, file: string): void {
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
      object.example = PLACEHOLDERS[kind]
      delete object.examples
      object.description = typeof object.description === 'string' ? `${object.description}\n\n${NOTE[kind]}` : NOTE[kind]
      return
    }
    for (const value of Object.values(object)) visit(value)
  }
  visit(doc)
}
