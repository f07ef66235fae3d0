// The records an own API's collections start with (its base data, shared read-only by every
// tenant): the spec's examples of a record first, then records generated from the record schema
// (json-schema-faker, faker for formats and `x-faker` hints), seeded per record so that a seed
// (--seed) gives the same data every time. `x-sandbox.count` (default 3) says how many records
// each collection holds, examples included; a nested collection (`/owners/{id}/pets`) holds that
// many under each of its parent's records (10,000 records of one resource at most, all parents
// together). A collection the fixtures folder gives is left as it is.

import { faker } from '@faker-js/faker/locale/en'
import { generateSync } from 'json-schema-faker'
import type { ApiDef, RouteRow } from '../spec/compile.js'
import { toJsonSchema } from '../spec/json-schema.js'
import { listItems, type Resource } from '../spec/resources.js'
import { deepFreeze } from '../store/base.js'
import { hash32 } from './hash.js'

type Json = Record<string, unknown>

/** Starting records of one resource at most, across its parents (nested collections multiply). */
export const MAX_SEEDED = 10_000
type Base = Map<string, ReadonlyMap<string, unknown>>

/** A UUID (version 4 layout) drawn from a seed: the same text, the same UUID. */
export function seededUuid (text: string): string {
  const hex = [0, 1, 2, 3].map((k) => hash32(`${text}:${k}`).toString(16).padStart(8, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((Number.parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** Faker methods for string fields by their name (lower case, without `_` and `-`), where the schema says no more. */
const BY_NAME: Record<string, string> = {
  name: 'person.fullName', fullname: 'person.fullName', firstname: 'person.firstName', givenname: 'person.firstName',
  lastname: 'person.lastName', surname: 'person.lastName', familyname: 'person.lastName', username: 'internet.username',
  title: 'lorem.words', label: 'lorem.words', summary: 'lorem.sentence', description: 'lorem.sentence', reason: 'lorem.sentence',
  note: 'lorem.sentence', notes: 'lorem.sentence', comment: 'lorem.sentence', email: 'internet.email', phone: 'phone.number',
  phonenumber: 'phone.number', mobile: 'phone.number', city: 'location.city', country: 'location.country', street: 'location.street',
  address: 'location.streetAddress', zip: 'location.zipCode', zipcode: 'location.zipCode', postcode: 'location.zipCode',
  postalcode: 'location.zipCode', company: 'company.name', companyname: 'company.name', url: 'internet.url', website: 'internet.url',
  color: 'color.human', colour: 'color.human', tag: 'lorem.word', breed: 'animal.dog', species: 'animal.type',
}

/** Adds faker hints to the string properties of a generator's schema by their names (where it has no format, pattern, enum or hint). */
function withNameHints (schema: unknown, seen = new Set<unknown>()): void {
  if (schema === null || typeof schema !== 'object' || seen.has(schema)) return
  seen.add(schema)
  const s = schema as Json
  for (const [name, property] of Object.entries((s.properties ?? {}) as Record<string, Json>)) {
    const type = Array.isArray(property.type) ? property.type : [property.type]
    const method = BY_NAME[name.toLowerCase().replace(/[_-]/g, '')]
    if (method !== undefined && type.includes('string') && property.faker === undefined && property.format === undefined &&
      property.pattern === undefined && property.enum === undefined && property.const === undefined &&
      ((property.maxLength as number | undefined) ?? 30) >= 30 && ((property.minLength as number | undefined) ?? 0) <= 3) {
      property.faker = method
    }
  }
  for (const value of Object.values(s)) {
    if (Array.isArray(value)) value.forEach((v) => withNameHints(v, seen))
    else withNameHints(value, seen)
  }
}

/** The spec's example records of a collection: its get answers' examples, its list answers' items, its schema's examples. */
function examplesOf (rows: RouteRow[], resource: Resource): Json[] {
  const out: Json[] = []
  const add = (value: unknown): void => { if (value !== null && typeof value === 'object' && !Array.isArray(value)) out.push(value as Json) }
  for (const row of rows) {
    if (row.resource !== resource) continue
    const media = row.operation.responses?.[String(row.successStatus)]?.content?.['application/json']
    const values = [media?.example, ...Object.values(media?.examples ?? {}).map((e) => e.value)].filter((v) => v !== undefined)
    if (row.handler === 'get') values.forEach(add)
    if (row.handler === 'list') {
      const property = listItems(media?.schema)?.property
      for (const value of values) {
        const items = property === undefined ? value : (value as Json | undefined)?.[property]
        if (Array.isArray(items)) items.forEach(add)
      }
    }
  }
  for (const example of (resource.item?.examples as unknown[] | undefined) ?? []) add(example)
  return out
}

/** Adds the starting records of every collection of an own API to its base data. */
export function seedOwnApi (api: ApiDef, base: Base, seed: number): void {
  const resources = [...new Set(api.rows.map((r) => r.resource).filter((r): r is Resource => r !== undefined))]
  const level = (r: Resource): number => (r.parent === undefined ? 0 : 1 + level(r.parent))
  resources.sort((a, b) => level(a) - level(b))
  // Per resource: the store names of its collections and the ids seeded in each.
  const seeded = new Map<Resource, Array<{ name: string, ids: unknown[] }>>()
  for (const resource of resources) {
    const places = resource.parent === undefined || resource.fixed !== undefined
      ? [{ name: resource.fixed ?? resource.key.slice(1), parentId: undefined }]
      : (seeded.get(resource.parent) ?? []).flatMap(({ name, ids }) => ids.map((id) => ({
          name: `${name}/${String(id)}${resource.key.slice(resource.parent!.key.length + 3)}`, parentId: id,
        })))
    const made: Array<{ name: string, ids: unknown[] }> = []
    let next = 1
    let total = 0
    for (const [p, { name, parentId }] of places.entries()) {
      // Nested collections multiply: a resource's starting records stop at MAX_SEEDED in all.
      if (total >= MAX_SEEDED) break
      const given = base.get(name)
      if (given !== undefined) {
        made.push({ name, ids: [...given.values()].map((r) => (resource.idField === undefined ? undefined : (r as Json)[resource.idField])) })
        continue
      }
      const records = new Map<string, unknown>()
      // The examples go under the first parent only (they would repeat their ids under every one).
      const examples = p === 0 ? examplesOf(api.rows, resource) : []
      const schema = resource.item === undefined ? undefined : toJsonSchema(resource.item, { 'x-faker': 'faker' })
      withNameHints(schema)
      const target = Math.min(api.records === 0 ? 0 : Math.max(api.records, examples.length), MAX_SEEDED - total)
      // A few more draws than records: a generated id may repeat one already made.
      for (let i = 0; records.size < target && i < target + 10; i++) {
        const recordSeed = hash32(`${seed}:${api.id}:${name}:${i}`)
        let record: Json
        if (i < examples.length) {
          record = structuredClone(examples[i]!)
        } else if (schema !== undefined) {
          faker.seed(recordSeed)
          record = generateSync(schema as never, { seed: recordSeed, extensions: { faker }, alwaysFakeOptionals: true, maxItems: 3 }) as Json
          if (record === null || typeof record !== 'object' || Array.isArray(record)) continue
        } else {
          record = {}
        }
        let id: unknown = resource.idField === undefined ? undefined : record[resource.idField]
        if (resource.idType === 'integer') id = Number.isInteger(id) && i < examples.length ? id : next
        else if (resource.idType === 'uuid') id = typeof id === 'string' && i < examples.length ? id : seededUuid(`${seed}:${api.id}:${name}:${i}`)
        else if (typeof id !== 'string' || id === '') id = `${resource.noun}-${i + 1}`
        if (typeof id === 'number') next = Math.max(next, id + 1)
        if (records.has(String(id))) continue
        if (resource.idField !== undefined) record[resource.idField] = id
        if (resource.parentField !== undefined) record[resource.parentField] = parentId
        records.set(String(id), deepFreeze(record))
      }
      total += records.size
      base.set(name, records)
      made.push({ name, ids: [...records.values()].map((r, i) => (resource.idField === undefined ? [...records.keys()][i] : (r as Json)[resource.idField])) })
    }
    seeded.set(resource, made)
  }
}
