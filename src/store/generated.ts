/** How generated ids look: a prefix, the 1-based index (zero-padded to a width), a suffix. */
export interface IdTemplate {
  format: (index: number) => string
  /** The index an id stands for, or undefined when it is not one of the generated ids. */
  parse: (id: string) => number | undefined
}

export function idTemplate (template: string, count: number): IdTemplate {
  const match = /^([^{}]*)\{index(?::(\d{1,2}))?\}([^{}]*)$/.exec(template)
  if (match === null) throw new Error(`id template "${template}" must hold one {index} or {index:WIDTH}`)
  const [, prefix = '', widthText, suffix = ''] = match
  const width = widthText === undefined ? 0 : Number(widthText)
  if (width > 0 && String(count).length > width) throw new Error(`id template "${template}" has room for fewer than ${count} ids`)
  const format = (index: number): string => prefix + String(index).padStart(width, '0') + suffix
  return {
    format,
    parse (id) {
      if (!id.startsWith(prefix) || !id.endsWith(suffix)) return undefined
      const digits = id.slice(prefix.length, id.length - suffix.length)
      if (digits.length > 12 || !/^\d+$/.test(digits)) return undefined
      const index = Number(digits)
      return index >= 1 && index <= count && format(index) === id ? index : undefined
    },
  }
}

/**
 * A base collection of fixtures plus N generated records, made on first read from their
 * index alone (so the same seed always gives the same record) and kept in a bounded cache.
 * Start-up costs nothing however large N is.
 */
export class GeneratedCollection implements ReadonlyMap<string, unknown> {
  readonly #fixtures: ReadonlyMap<string, unknown>
  readonly #count: number
  readonly #ids: IdTemplate
  readonly #make: (index: number, id: string) => unknown
  readonly #cache = new Map<number, unknown>()
  readonly #cacheSize: number
  /** Fixtures plus generated records; a fixture with a generated id stands in for that record. */
  readonly size: number

  constructor (fixtures: ReadonlyMap<string, unknown>, count: number, ids: IdTemplate, make: (index: number, id: string) => unknown, cacheSize = 20_000) {
    this.#fixtures = fixtures
    this.#count = count
    this.#ids = ids
    this.#make = make
    this.#cacheSize = cacheSize
    let shadowed = 0
    for (const id of fixtures.keys()) if (ids.parse(id) !== undefined) shadowed++
    this.size = fixtures.size + count - shadowed
  }

  get (id: string): unknown {
    const fixture = this.#fixtures.get(id)
    if (fixture !== undefined) return fixture
    const index = this.#ids.parse(id)
    return index === undefined ? undefined : this.#generated(index, id)
  }

  has (id: string): boolean {
    return this.#fixtures.has(id) || this.#ids.parse(id) !== undefined
  }

  * entries (): MapIterator<[string, unknown]> {
    yield * this.#fixtures.entries()
    for (let index = 1; index <= this.#count; index++) {
      const id = this.#ids.format(index)
      if (!this.#fixtures.has(id)) yield [id, this.#generated(index, id)]
    }
  }

  * keys (): MapIterator<string> {
    for (const [id] of this.entries()) yield id
  }

  * values (): MapIterator<unknown> {
    for (const [, record] of this.entries()) yield record
  }

  [Symbol.iterator] (): MapIterator<[string, unknown]> {
    return this.entries()
  }

  forEach (fn: (value: unknown, key: string, map: ReadonlyMap<string, unknown>) => void): void {
    for (const [id, record] of this.entries()) fn(record, id, this)
  }

  #generated (index: number, id: string): unknown {
    let record = this.#cache.get(index)
    if (record === undefined) {
      record = this.#make(index, id)
      // Oldest first out: a regenerated record is the same record.
      if (this.#cache.size >= this.#cacheSize) this.#cache.delete(this.#cache.keys().next().value!)
      this.#cache.set(index, record)
    }
    return record
  }
}
