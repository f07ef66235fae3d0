// The en_AU entry builds only its locale chain (en_AU, en, base): the package's main entry loads every locale.
import { faker } from '@faker-js/faker/locale/en_AU'
import { generateSync } from 'json-schema-faker'
import { finishers } from '../apis/index.js'
import type { ApiDef } from '../spec/compile.js'
import { toJsonSchema } from '../spec/json-schema.js'
import { deepFreeze } from '../store/base.js'
import { GeneratedCollection, idTemplate } from '../store/generated.js'
import { hash32 } from './hash.js'


/**
 * Adds `count` generated records to every collection the API's spec lists under
 * `x-sandbox.generate`, from the spec's schemas (json-schema-faker, with faker for the
 * schemas' `x-faker` hints), seeded per record. Nothing is generated until it is read.
 */
export function addGeneratedRecords (api: ApiDef, base: Map<string, ReadonlyMap<string, unknown>>, count: number, seed: number): void {
  const specs = api.spec.doc['x-sandbox']?.generate ?? {}
  const where = `spec ${api.spec.file}: x-sandbox.generate`
  for (const [collection, spec] of Object.entries(specs)) {
    const component = api.spec.doc.components?.schemas?.[spec.schema]
    if (component === undefined) throw new Error(`${where}.${collection}: no components.schemas.${spec.schema}`)
    const finish = spec.finish === undefined ? undefined : finishers[api.id]?.[spec.finish]
    if (spec.finish !== undefined && finish === undefined) throw new Error(`${where}.${collection}: finisher "${spec.finish}" is not one of ${api.id}'s`)
    let ids
    try {
      ids = idTemplate(spec.id, count)
    } catch (err) {
      throw new Error(`${where}.${collection}: ${(err as Error).message}`, { cause: err })
    }
    const schema = toJsonSchema(component, { 'x-faker': 'faker' })
    const make = (index: number, id: string): unknown => {
      const recordSeed = hash32(`${seed}:${api.id}:${collection}:${index}`)
      faker.seed(recordSeed)
      const record = generateSync(schema as never, { seed: recordSeed, extensions: { faker }, alwaysFakeOptionals: true, maxItems: 5 }) as Record<string, unknown>
      faker.seed(recordSeed ^ 0x9e3779b9)
      return deepFreeze(finish === undefined ? record : finish(record, { id, index, faker }))
    }
    base.set(collection, new GeneratedCollection(base.get(collection) ?? new Map(), count, ids, make))
  }
}
