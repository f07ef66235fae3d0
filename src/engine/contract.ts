import { isDeepStrictEqual } from 'node:util'
import type { FastifyReply, FastifyRequest, onSendHookHandler, preSerializationHookHandler } from 'fastify'
import type { Ajv, ValidateFunction } from 'ajv'
import type { RouteRow } from '../spec/compile.js'
import { createAjv } from './ajv.js'
import { mediaTypeOf } from './body.js'

export interface ContractViolation {
  operationId: string
  method: string
  url: string
  status: number
  message: string
}

export type ViolationReporter = (violation: ContractViolation, request: FastifyRequest) => void

/** An operation's two contract hooks: the handler's value before serialization, the bytes after. */
export interface ContractHooks {
  preSerialization: preSerializationHookHandler
  onSend: onSendHookHandler
}

/**
 * Contract mode: every response an operation sends is checked against the spec's response
 * schema for its status: the value the handler made, before the serializer can turn a number
 * into a string or drop a field, then the bytes sent. One ajv serves every operation.
 */
// A schema object's validator serves every server of the process that shares the object (a build's
// specs are read once per process, see spec/built.ts: a test suite's many starts compile each once).
const compiled = new WeakMap<object, ValidateFunction>()

export function contractHooks (report: ViolationReporter): (row: RouteRow) => ContractHooks {
  let ajv: Ajv | undefined
  return (row) => contractHook(row, report, () => (ajv ??= createAjv({ coerceTypes: false })))
}

/** The first JSON pointer where two JSON values differ ('' for the root). */
function firstDifference (a: unknown, b: unknown, at = ''): string {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) return at || '/'
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  for (const key of keys) {
    const x = (a as Record<string, unknown>)[key]
    const y = (b as Record<string, unknown>)[key]
    if (!isDeepStrictEqual(x, y)) return firstDifference(x, y, `${at}/${key}`)
  }
  return at || '/'
}

/**
 * One operation's check. Each status's validator is compiled once, when it is first needed:
 * most statuses of most operations are never sent, and compiling them all made every boot slow.
 */
function contractHook (row: RouteRow, report: ViolationReporter, ajv: () => Ajv): ContractHooks {
  // What each reply's handler made, as JSON would carry it, to compare with the bytes sent.
  const made = new WeakMap<FastifyReply, unknown>()
  const validators = new Map<number, ValidateFunction | null>()
  const validatorFor = (status: number): ValidateFunction | null | undefined => {
    const known = validators.get(status)
    if (known !== undefined || !row.responses.has(status)) return known
    const schema = row.responses.get(status) ?? null
    let validate: ValidateFunction | null = null
    if (schema !== null) {
      validate = compiled.get(schema) ?? ajv().compile(schema)
      compiled.set(schema, validate)
    }
    validators.set(status, validate)
    return validate
  }

  const check = (reply: FastifyReply, payload: unknown): string | undefined => {
    const status = reply.statusCode
    const validate = validatorFor(status)
    if (validate === undefined) return `status ${status} is not documented for ${row.operationId}`
    const text = typeof payload === 'string' ? payload : payload instanceof Buffer ? payload.toString('utf8') : ''
    if (validate === null) {
      if (text === '') return undefined
      // A documented non-JSON body (an HTML page, an image) is checked by its media type.
      const type = mediaTypeOf(reply.getHeader('content-type'))
      const documented = row.responseTypes.get(status) ?? []
      if (type !== '' && documented.includes(type)) return undefined
      return documented.length === 0 ? `status ${status} is documented without a body` : `status ${status} body is ${type || 'untyped'}, not ${documented.join(' or ')}`
    }
    // A status documented as JSON and as another media type (a page for browsers): that other body is checked by its type.
    const type = mediaTypeOf(reply.getHeader('content-type'))
    if (type !== '' && type !== 'application/json' && (row.responseTypes.get(status) ?? []).includes(type)) return undefined
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      return `status ${status} body is not JSON`
    }
    if (validate(body)) return undefined
    return `status ${status} body ${validate.errors?.map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ')}`
  }

  const violation = (request: FastifyRequest, reply: FastifyReply, message: string): void => {
    report({ operationId: row.operationId, method: request.method, url: request.url, status: reply.statusCode, message }, request)
  }

  return {
    preSerialization (request, reply, payload, done) {
      const validate = validatorFor(reply.statusCode)
      if (validate !== undefined && validate !== null && !validate(payload)) {
        violation(request, reply, `status ${reply.statusCode} handler's value ${validate.errors?.map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ')}`)
      }
      try {
        made.set(reply, JSON.parse(JSON.stringify(payload)) as unknown)
      } catch {
        // A value JSON cannot carry is the serializer's to refuse.
      }
      done(null, payload)
    },
    onSend (request, reply, payload, done) {
      const message = check(reply, payload)
      if (message !== undefined) violation(request, reply, message)
      else if (made.has(reply)) {
        const sent = JSON.parse(typeof payload === 'string' ? payload : String(payload)) as unknown
        const value = made.get(reply)
        if (!isDeepStrictEqual(sent, value)) {
          violation(request, reply, `status ${reply.statusCode} the serializer changed the handler's value at ${firstDifference(value, sent)} (a field the schema does not declare, or of another type)`)
        }
      }
      done(null, payload)
    },
  }
}
