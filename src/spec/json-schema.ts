import type { JsonSchema } from './types.js'

// OpenAPI-only keywords that JSON Schema validators and serializers do not know.
const OPENAPI_ONLY = new Set(['example', 'xml', 'externalDocs', 'discriminator', 'deprecated'])

/**
 * A copy of an OpenAPI 3.1 schema that ajv and fast-json-stringify accept: OpenAPI-only
 * keywords and `x-` extensions dropped (or renamed, e.g. `x-faker` → `faker` for the data
 * generator). Shared sub-schemas (one $ref used twice) stay shared.
 */
export function toJsonSchema (schema: JsonSchema, rename: Readonly<Record<string, string>> = {}): JsonSchema {
  return clean(schema, new WeakMap(), rename) as JsonSchema
}

function clean (value: unknown, seen: WeakMap<object, unknown>, rename: Readonly<Record<string, string>>): unknown {
  if (value === null || typeof value !== 'object') return value
  const done = seen.get(value)
  if (done !== undefined) return done
  if (Array.isArray(value)) {
    const out: unknown[] = []
    seen.set(value, out)
    for (const item of value) out.push(clean(item, seen, rename))
    return out
  }
  const out: Record<string, unknown> = {}
  seen.set(value, out)
  for (const [key, inner] of Object.entries(value)) {
    const renamed = rename[key]
    if (renamed !== undefined) { out[renamed] = inner; continue }
    if (OPENAPI_ONLY.has(key) || key.startsWith('x-')) continue
    // Property names are data, not keywords: keep them all.
    out[key] = key === 'properties' || key === 'patternProperties' ? cleanMap(inner, seen, rename) : clean(inner, seen, rename)
  }
  return out
}

function cleanMap (value: unknown, seen: WeakMap<object, unknown>, rename: Readonly<Record<string, string>>): unknown {
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [name, schema] of Object.entries(value)) out[name] = clean(schema, seen, rename)
  return out
}

/**
 * A request body's schema without the `required` entries of readOnly properties (OpenAPI: a
 * readOnly property is sent in answers only, so a required one is required there only). The
 * schema is copied where it changes; shared sub-schemas stay shared.
 */
export function withoutReadOnlyRequired (schema: JsonSchema): JsonSchema {
  return strip(schema, new Map()) as JsonSchema
}

function strip (value: unknown, seen: Map<object, unknown>): unknown {
  if (value === null || typeof value !== 'object') return value
  const done = seen.get(value)
  if (done !== undefined) return done
  if (Array.isArray(value)) {
    const out: unknown[] = []
    seen.set(value, out)
    for (const item of value) out.push(strip(item, seen))
    return out
  }
  const out: Record<string, unknown> = {}
  seen.set(value, out)
  for (const [key, inner] of Object.entries(value)) out[key] = strip(inner, seen)
  const properties = out.properties as Record<string, { readOnly?: unknown }> | undefined
  if (Array.isArray(out.required) && properties !== undefined && typeof properties === 'object') {
    out.required = (out.required as string[]).filter((name) => properties[name]?.readOnly !== true)
  }
  return out
}
