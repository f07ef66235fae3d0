import type { Ajv, Options } from 'ajv'
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify'
import type { RouteRow } from '../spec/compile.js'
import { createAjv } from './ajv.js'
import { Problem, type FieldRef, type ProblemKind } from './problems.js'

/**
 * The two ajv set-ups of request validation (the build compiles with the same): path, query
 * and headers are strings on the wire and are coerced to their schema types; a JSON body is
 * checked as sent.
 */
export const REQUEST_AJV: Readonly<Record<'coercing' | 'exact', Options>> = {
  coercing: { coerceTypes: 'array', useDefaults: true },
  exact: { coerceTypes: false, useDefaults: true },
}

export const ajvFor = (httpPart: string | undefined): 'coercing' | 'exact' => (httpPart === 'body' ? 'exact' : 'coercing')

type Validator = ((data: unknown) => boolean) & { errors?: FastifySchemaValidationError[] | null }

/** The loader of the build's validator for a route's request part, if the build holds one. */
export type PrebuiltValidator = (method: string, url: string, httpPart: string, contentType?: string) => (() => Validator) | undefined

/**
 * Fastify's validator compiler. With a build: the build's standalone validator for the
 * route's part, read on the route's first request (or, its file gone with a build replaced
 * under the server, compiled from the schema), and the few schemas the build does not hold
 * (the control routes') compiled on their first request, so ajv is not loaded at start.
 * Without one: every schema compiled now.
 */
export function validatorCompiler (prebuilt?: PrebuiltValidator): FastifySchemaCompiler<Record<string, unknown>> {
  const ajvs: Partial<Record<'coercing' | 'exact', Ajv>> = {}
  const compile = (schema: Record<string, unknown>, httpPart: string | undefined): Validator => {
    const which = ajvFor(httpPart)
    return (ajvs[which] ??= createAjv(REQUEST_AJV[which])).compile(schema)
  }
  return ({ schema, httpPart, method, url, contentType }) => {
    if (prebuilt === undefined) return compile(schema, httpPart)
    const load = prebuilt(method, url, httpPart ?? '', contentType)
    const first = (): Validator => {
      if (load === undefined) return compile(schema, httpPart)
      try {
        return load()
      } catch {
        return compile(schema, httpPart)
      }
    }
    let validate: Validator | undefined
    // Fastify reads a failed validation's errors from the function it was given.
    const lazy: Validator = (data) => {
      validate ??= first()
      const valid = validate(data)
      lazy.errors = validate.errors
      return valid
    }
    return lazy
  }
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
