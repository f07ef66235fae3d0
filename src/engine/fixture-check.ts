import type { Ajv, ValidateFunction } from 'ajv'
import type { ApiDef } from '../spec/compile.js'
import { toJsonSchema } from '../spec/json-schema.js'
import type { JsonSchema } from '../spec/types.js'
import { createAjv } from './ajv.js'

/**
 * The schema each base collection's records follow: `x-sandbox.records` (a collection name, or
 * a prefix ending in `*` for numbered ones like `customerProfiles.0`), else the schema
 * `x-sandbox.generate` makes that collection's records from.
 */
function schemaNameOf (api: ApiDef, collection: string): string | undefined {
  const block = api.spec.doc['x-sandbox']
  const records = block?.records ?? {}
  const named = records[collection] ?? Object.entries(records).find(([key]) => key.endsWith('*') && collection.startsWith(key.slice(0, -1)))?.[1]
  return named ?? block?.generate?.[collection]?.schema
}

// Specs are loaded once per content, so a schema object's validator serves every later boot (tests boot many).
const validators = new WeakMap<object, ValidateFunction>()
let ajv: Ajv | undefined
function validatorOf (schema: JsonSchema): ValidateFunction {
  let validate = validators.get(schema)
  if (validate === undefined) {
    validate = (ajv ??= createAjv({ coerceTypes: false, allErrors: true })).compile(toJsonSchema(schema))
    validators.set(schema, validate)
  }
  return validate
}

/**
 * Contract mode, at boot: every fixture record is checked against its schema, so a fixture
 * the spec does not allow stops the start naming the file, the record and the field.
 */
export function checkFixtures (api: ApiDef, base: ReadonlyMap<string, ReadonlyMap<string, unknown>>): void {
  for (const [collection, records] of base) {
    const name = schemaNameOf(api, collection)
    if (name === undefined) continue
    const component = api.spec.doc.components?.schemas?.[name]
    if (component === undefined) throw new Error(`spec ${api.spec.file}: x-sandbox.records names schema ${name} for ${collection}, which components.schemas lacks`)
    const validate = validatorOf(component)
    for (const [id, record] of records) {
      if (validate(record)) continue
      const errors = validate.errors?.map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ')
      throw new Error(`fixtures/${api.id}/data/${collection}.json: record '${id}' does not match ${name} of ${api.spec.file}: ${errors}`)
    }
  }
}
