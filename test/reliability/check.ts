import type { ValidateFunction } from 'ajv'
import { createAjv } from '../../src/engine/ajv.js'
import type { ApiDef, RouteRow } from '../../src/spec/compile.js'
import type { JsonSchema } from '../../src/spec/types.js'
import type { Answer } from './client.js'
import { LEAKS } from './harness.js'

/** What an answer may be: its status's JSON schema (null: no JSON body) and media types. */
interface Documented { schema: JsonSchema | null, types: string[] }

/** Judges an answer against the spec: a documented status, in the documented envelope, no leak. */
export function answerChecker (apis: ApiDef[]) {
  const ajv = createAjv({ coerceTypes: false })
  const compiled = new Map<object, ValidateFunction>()
  const validatorOf = (schema: object): ValidateFunction => {
    let validate = compiled.get(schema)
    if (validate === undefined) {
      validate = ajv.compile(schema)
      compiled.set(schema, validate)
    }
    return validate
  }
  const byId = new Map(apis.map((api) => [api.id, api]))

  /** Whether the answer is as documented by one entry; the reason when it is not. */
  const judge = (answer: Answer, documented: Documented): string | undefined => {
    const type = String(answer.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
    if (documented.schema === null) {
      if (answer.text === '' || documented.types.includes(type)) return undefined
      return `status ${answer.status} body is ${type || 'untyped'}, documented: ${documented.types.join(', ') || 'none'}`
    }
    if (type !== 'application/json') {
      // Another media type the status documents (Citi's sign-in page errors are text/html for a
      // browser's Accept): its documented schema is a string, so the type is the check.
      if (type !== '' && documented.types.includes(type)) return undefined
      return `status ${answer.status} is ${type || 'untyped'}, not application/json`
    }
    let body: unknown
    try {
      body = JSON.parse(answer.text)
    } catch {
      return `status ${answer.status} body is not JSON`
    }
    const validate = validatorOf(documented.schema)
    if (validate(body)) return undefined
    return `status ${answer.status} body is not the documented envelope: ${validate.errors?.map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ')}`
  }

  const entry = (row: RouteRow, status: number): Documented | undefined =>
    row.responses.has(status) ? { schema: row.responses.get(status) ?? null, types: row.responseTypes.get(status) ?? [] } : undefined

  /** Problems with the answer (empty: it is as documented). `offRoute`: the request may reach another operation, or none. */
  return (row: RouteRow, answer: Answer, offRoute: boolean): string[] => {
    const problems: string[] = []
    if (answer.status >= 500) problems.push(`server error ${answer.status}`)
    if (LEAKS.test(answer.text)) problems.push('body leaks a stack trace, a file path or a framework envelope')
    const candidates: Documented[] = []
    const own = entry(row, answer.status)
    if (own !== undefined) candidates.push(own)
    if (offRoute) {
      // A mistake in the path may route to another operation of the API, or to none (404, or 405 with Allow).
      for (const other of byId.get(row.api.id)!.rows) {
        const documented = entry(other, answer.status) ?? (answer.status === 405 && answer.headers.allow !== undefined ? entry(other, 404) : undefined)
        if (other !== row && documented !== undefined) candidates.push(documented)
      }
    }
    if (candidates.length === 0) return [...problems, `status ${answer.status} is not documented for ${row.operationId}`]
    const reasons = candidates.map((documented) => judge(answer, documented))
    if (!reasons.includes(undefined)) problems.push(reasons[0]!)
    return problems
  }
}
