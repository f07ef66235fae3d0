import type { FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify'
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

/**
 * Contract mode: every response an operation sends is checked against the spec's response
 * schema for its status. Answers the onSend hook of each operation; one ajv serves them all.
 */
export function contractHooks (report: ViolationReporter): (row: RouteRow) => onSendHookHandler {
  let ajv: Ajv | undefined
  return (row) => contractHook(row, report, () => (ajv ??= createAjv({ coerceTypes: false })))
}

/**
 * One operation's check. Each status's validator is compiled once, when it is first needed:
 * most statuses of most operations are never sent, and compiling them all made every boot slow.
 */
function contractHook (row: RouteRow, report: ViolationReporter, ajv: () => Ajv): onSendHookHandler {
  const validators = new Map<number, ValidateFunction | null>()
  const validatorFor = (status: number): ValidateFunction | null | undefined => {
    const known = validators.get(status)
    if (known !== undefined || !row.responses.has(status)) return known
    const schema = row.responses.get(status) ?? null
    const validate = schema === null ? null : ajv().compile(schema)
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
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      return `status ${status} body is not JSON`
    }
    if (validate(body)) return undefined
    return `status ${status} body ${validate.errors?.map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ')}`
  }

  return (request, reply, payload, done) => {
    const message = check(reply, payload)
    if (message !== undefined) {
      report({ operationId: row.operationId, method: request.method, url: request.url, status: reply.statusCode, message }, request)
    }
    done(null, payload)
  }
}
