import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify'
import type { RouteRow } from '../spec/compile.js'
import { createAjv } from './ajv.js'
import { Problem, type FieldRef, type ProblemKind } from './problems.js'

/**
 * Fastify's validator compiler with two ajv instances: path, query and headers are strings
 * on the wire and are coerced to their schema types; a JSON body is checked as sent.
 */
export function validatorCompiler (): FastifySchemaCompiler<Record<string, unknown>> {
  const coercing = createAjv({ coerceTypes: 'array', useDefaults: true })
  const exact = createAjv({ coerceTypes: false, useDefaults: true })
  return ({ schema, httpPart }) => (httpPart === 'body' ? exact : coercing).compile(schema)
}

const REASONS: Record<string, string> = {
  required: 'required',
  maxLength: 'max-length',
  minLength: 'min-length',
  maxItems: 'max-items',
  minItems: 'min-items',
  enum: 'unknown-enum',
  const: 'unknown-enum',
  additionalProperties: 'unknown-field',
  maximum: 'out-of-range',
  minimum: 'out-of-range',
  exclusiveMaximum: 'out-of-range',
  exclusiveMinimum: 'out-of-range',
}

type Context = 'body' | 'params' | 'querystring' | 'headers'
const LOCATION: Record<Context, FieldRef['in']> = { body: 'body', params: 'path', querystring: 'query', headers: 'header' }
const LABEL: Record<Context, string> = { body: 'body field', params: 'path parameter', querystring: 'query parameter', headers: 'header' }

function kindOf (context: Context, keyword: string): ProblemKind {
  if (context === 'body') return 'invalid-body'
  if (context === 'params') return 'invalid-parameter'
  if (keyword === 'required') return context === 'headers' ? 'missing-header' : 'missing-parameter'
  if (context === 'headers') return 'invalid-header'
  return keyword === 'maxItems' ? 'too-many-items' : 'invalid-parameter'
}

function describe (error: FastifySchemaValidationError): string {
  const params = error.params as Record<string, unknown>
  if (error.keyword === 'required') return 'is required'
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    return `must be one of: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
  }
  if (error.keyword === 'additionalProperties') return 'is not a known field'
  return error.message ?? 'is invalid'
}

/** A property name as one JSON pointer token (RFC 6901: `~` → `~0`, `/` → `~1`). */
function escapeToken (name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1')
}

/** The value at a JSON pointer (ajv's instancePath) inside the validated part, if any. */
function valueAt (data: unknown, pointer: string): unknown {
  let value = data
  for (const token of pointer.split('/').slice(1)) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string, unknown>)[token.replace(/~1/g, '/').replace(/~0/g, '~')]
  }
  return value
}

/**
 * Turns Fastify's validation error into a problem naming the field as the client wrote it;
 * given the validated part (`data`), it carries the offending value too.
 */
export function validationProblem (
  errors: FastifySchemaValidationError[], context: Context, row: RouteRow | undefined, data?: unknown,
): Problem {
  // A oneOf/anyOf reports every branch: the telling error is the meant branch's, not "must be array".
  const error = errors.find((e) => e.keyword !== 'type' && e.keyword !== 'oneOf' && e.keyword !== 'anyOf') ?? errors[0]
  if (error === undefined) return new Problem('invalid-body', 'request is invalid')
  const params = error.params as Record<string, unknown>
  const child = error.keyword === 'required' ? String(params.missingProperty)
    : error.keyword === 'additionalProperties' ? String(params.additionalProperty) : undefined
  let name: string
  // A parameter's own message (`x-sandbox-invalid-message`) replaces the validator's.
  let own: string | undefined
  if (context === 'body') {
    name = child === undefined ? error.instancePath : `${error.instancePath}/${escapeToken(child)}`
    if (name === '') name = '/'
  } else {
    // The parameter as the schema keys it (headers in lower case).
    const key = child ?? error.instancePath.split('/')[1] ?? ''
    const parameter = row?.parameters[LOCATION[context]]?.[key]
    name = parameter?.name ?? key
    if (error.keyword !== 'required') own = parameter?.invalidMessage
  }
  const label = context === 'body' && name === '/' ? 'body' : `${LABEL[context]} '${name}'`
  const value = error.keyword === 'required' || data === undefined ? undefined
    : error.keyword === 'additionalProperties' ? valueAt(data, `${error.instancePath}/${escapeToken(child!)}`)
      : valueAt(data, error.instancePath)
  return new Problem(kindOf(context, error.keyword), `${label} ${own ?? describe(error)}`, {
    field: { in: LOCATION[context], name },
    reason: REASONS[error.keyword] ?? 'invalid-format',
    ...(value === undefined ? {} : { value }),
  })
}
