import type { JsonSchema } from '../spec/types.js'

/** A schema's main type (`[string, null]` → string; an object by its properties). */
export function mainType (schema: JsonSchema): string | undefined {
  const type = schema.type
  if (Array.isArray(type)) return type.find((t) => t !== 'null') as string | undefined
  if (type === undefined && (schema.properties !== undefined || schema.allOf !== undefined)) return 'object'
  return type as string | undefined
}

/**
 * A value the schema accepts for a field that must be there and nothing else fills: its const,
 * default, first enum value or example, else the empty value of its type.
 */
export function placeholder (schema: JsonSchema): unknown {
  if (schema.const !== undefined) return schema.const
  if (schema.default !== undefined) return structuredClone(schema.default)
  if (Array.isArray(schema.enum)) return schema.enum[0]
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return structuredClone(schema.examples[0])
  switch (mainType(schema)) {
    case 'integer': case 'number': return typeof schema.minimum === 'number' ? schema.minimum : 0
    case 'boolean': return false
    case 'array': return []
    case 'object': return {}
    case 'null': return null
    default: return ''
  }
}
