import type { FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify'
import type { ValidateFunction } from 'ajv'
import type { RouteRow } from '../spec/compile.js'
import { createAjv } from './ajv.js'

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
 * schema for its status. Validators are compiled once, when the route is registered.
 */
export function contractHook (row: RouteRow, report: ViolationReporter): onSendHookHandler {
  const ajv = createAjv({ coerceTypes: false })
  const validators = new Map<number, ValidateFunction | null>()
  for (const [status, schema] of row.responses) validators.set(status, schema === null ? null : ajv.compile(schema))

  const check = (reply: FastifyReply, payload: unknown): string | undefined => {
    const status = reply.statusCode
    const validate = validators.get(status)
    if (validate === undefined) return `status ${status} is not documented for ${row.operationId}`
    const text = typeof payload === 'string' ? payload : payload instanceof Buffer ? payload.toString('utf8') : ''
    if (validate === null) {
      if (text === '') return undefined
      // A documented non-JSON body (an HTML page, an image) is checked by its media type.
      const type = String(reply.getHeader('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
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
