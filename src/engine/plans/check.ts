import type { Ajv, ValidateFunction } from 'ajv'
import type { ApiDef, RouteRow } from '../../spec/compile.js'
import { createAjv } from '../ajv.js'
import { Problem } from '../problems.js'
import { compileRegex, loadRegex } from './regex.js'
import type { Delay, PlanAct, PlanLimits, PlanWhen, Predicate, StoredPlan } from './types.js'

/** A plan as the control route received it (its shape already checked by the route's schema). */
export interface PlanInput {
  note?: string
  match: { api?: string, operation?: string, method?: string, path?: string, predicates?: Predicate[] }
  act: PlanAct & { delay?: Delay }
  when?: PlanWhen & { expiresIn?: number }
}

/** A checked plan, before the store gives it its number. */
export type CheckedPlan = Omit<StoredPlan, 'id' | 'seq' | 'created'>

const bad = (pointer: string, message: string): Problem =>
  new Problem('invalid-body', `body field '${pointer}' ${message}`, { field: { in: 'body', name: pointer } })

/** The named examples of a status's JSON body (the spec's single `example` is named "default"). */
export function namedExamples (row: RouteRow, status: number): string[] {
  const json = row.operation.responses?.[String(status)]?.content?.['application/json']
  const names = Object.keys(json?.examples ?? {})
  if (json?.example !== undefined) names.push('default')
  return names
}

let ajv: Ajv | undefined
const validators = new WeakMap<RouteRow, Map<number, ValidateFunction>>()

/** The validator of a status's documented JSON body, compiled on the first plan that gives one. */
function responseValidator (row: RouteRow, status: number, schema: object): ValidateFunction {
  let own = validators.get(row)
  if (own === undefined) validators.set(row, own = new Map())
  let validate = own.get(status)
  if (validate === undefined) {
    validate = (ajv ??= createAjv({ coerceTypes: false })).compile(schema)
    own.set(status, validate)
  }
  return validate
}

function findOperation (api: ApiDef, match: PlanInput['match']): RouteRow {
  const { operation, method, path } = match
  if (operation !== undefined) {
    if (method !== undefined || path !== undefined) throw bad(method !== undefined ? '/match/method' : '/match/path', "must not be given with '/match/operation' (name the operation one way)")
    const row = api.rows.find((r) => r.operationId === operation)
    if (row === undefined) throw bad('/match/operation', `names no operation of ${api.id}; its operations: ${api.rows.map((r) => r.operationId).join(', ')}`)
    return row
  }
  if (method === undefined && path === undefined) throw bad('/match/operation', "is required (an operationId), or '/match/method' with '/match/path' (the spec's path template)")
  if (method === undefined) throw bad('/match/method', "is required with '/match/path'")
  if (path === undefined) throw bad('/match/path', "is required with '/match/method'")
  const row = api.rows.find((r) => r.method === method.toUpperCase() && r.path === path)
  if (row === undefined) {
    const known = api.rows.filter((r) => r.path === path).map((r) => r.method)
    throw bad(known.length === 0 ? '/match/path' : '/match/method', known.length === 0
      ? `"${path}" is not a path template of ${api.id}; its paths: ${[...new Set(api.rows.map((r) => r.path))].join(', ')}`
      : `${method.toUpperCase()} is not documented on ${path}; documented: ${known.join(', ')}`)
  }
  return row
}

function checkPredicates (row: RouteRow, predicates: Predicate[], limits: PlanLimits): Predicate[] {
  if (predicates.length > limits.predicates) throw bad('/match/predicates', `has ${predicates.length} predicates; a plan may have at most ${limits.predicates} (--plan-predicates)`)
  const pathNames = [...row.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!)
  return predicates.map((p, i) => {
    const at = `/match/predicates/${i}`
    const out: Predicate = { in: p.in }
    if (p.in === 'body') {
      if (p.name !== undefined) throw bad(`${at}/name`, "is for headers, query and path parameters; a body predicate names its field with 'pointer' (a JSON pointer)")
      if (p.pointer === undefined) throw bad(`${at}/pointer`, 'is required for a body predicate (a JSON pointer such as "/email", or "" for the whole body)')
      if (p.pointer !== '' && !p.pointer.startsWith('/')) throw bad(`${at}/pointer`, `must be a JSON pointer: "" or starting with "/", not "${p.pointer}"`)
      if (/~[^01]|~$/.test(p.pointer)) throw bad(`${at}/pointer`, 'has a "~" that is not "~0" or "~1" (RFC 6901)')
      out.pointer = p.pointer
    } else {
      if (p.pointer !== undefined) throw bad(`${at}/pointer`, `is for body predicates; a ${p.in} predicate names its field with 'name'`)
      if (p.name === undefined) throw bad(`${at}/name`, `is required for a ${p.in} predicate`)
      if (p.in === 'path' && !pathNames.includes(p.name)) throw bad(`${at}/name`, `"${p.name}" is not a path parameter of ${row.operationId}; its path parameters: ${pathNames.join(', ') || 'none'}`)
      out.name = p.in === 'header' ? p.name.toLowerCase() : p.name
    }
    if ((p.equals === undefined) === (p.matches === undefined)) throw bad(`${at}/equals`, "or '/matches' is required (one of them)")
    if (p.equals !== undefined) {
      if (p.in !== 'body' && !['string', 'number', 'boolean'].includes(typeof p.equals)) throw bad(`${at}/equals`, `must be a string, number or boolean for a ${p.in} predicate (compared as text)`)
      out.equals = p.equals
    } else {
      const pattern = p.matches!
      if (pattern.length > limits.patternLength) throw bad(`${at}/matches`, `is ${pattern.length} characters; a pattern may have at most ${limits.patternLength} (--plan-pattern-length)`)
      try {
        compileRegex(pattern)
      } catch (err) {
        throw bad(`${at}/matches`, `is not a pattern the sandbox runs (RE2 syntax: no back-references or look-arounds): ${(err as Error).message}`)
      }
      out.matches = pattern
    }
    return out
  })
}

function checkDelay (delay: Delay, limits: PlanLimits): Delay {
  if (typeof delay === 'number') {
    if (delay > limits.delayMax) throw bad('/act/delay', `is ${delay} ms; a plan may delay at most ${limits.delayMax} ms (--plan-delay-max)`)
    return delay
  }
  if (delay.min > delay.max) throw bad('/act/delay/min', `(${delay.min}) must not be more than '/act/delay/max' (${delay.max})`)
  if (delay.max > limits.delayMax) throw bad('/act/delay/max', `is ${delay.max} ms; a plan may delay at most ${limits.delayMax} ms (--plan-delay-max)`)
  return { min: delay.min, max: delay.max }
}

function checkAct (row: RouteRow, act: PlanInput['act'], limits: PlanLimits): PlanAct {
  const out: PlanAct = {}
  const documented = [...row.responses.keys()].sort((a, b) => a - b)
  if (act.status === undefined && act.example === undefined && act.body === undefined && act.fault === undefined && act.delay === undefined) {
    throw bad('/act', "must say what the plan does: 'status' (a documented status), 'example', 'fault' (reset, empty, malformed) or 'delay' (alone: the call is served after it)")
  }
  if (act.fault !== undefined) {
    for (const key of ['status', 'example', 'body'] as const) {
      if (act[key] !== undefined) throw bad(`/act/${key}`, "must not be given with '/act/fault' (a fault sends no answer of the spec)")
    }
    out.fault = act.fault
  }
  let status = act.status
  if (status !== undefined && !row.responses.has(status)) {
    throw bad('/act/status', `${status} is not documented for ${row.api.id} ${row.operationId}; documented: ${documented.join(', ')}`)
  }
  if (act.example !== undefined) {
    if (act.body !== undefined) throw bad('/act/body', "must not be given with '/act/example' (the example is the body)")
    const statuses = status === undefined ? documented : [status]
    status = statuses.find((s) => namedExamples(row, s).includes(act.example!))
    if (status === undefined) {
      const known = statuses.flatMap((s) => namedExamples(row, s).map((name) => `${name} (${s})`))
      throw bad('/act/example', `"${act.example}" is not a documented example of ${row.operationId}${act.status === undefined ? '' : ` ${act.status}`}; documented: ${known.join(', ') || 'none'}`)
    }
    out.status = status
    out.example = act.example
  } else if (status !== undefined) {
    out.status = status
  }
  if (act.body !== undefined) {
    if (status === undefined) throw bad('/act/status', "is required with '/act/body' (the body is checked against that status's documented schema)")
    const schema = row.responses.get(status)
    if (schema === null || schema === undefined) throw bad('/act/body', `cannot be sent: ${row.operationId} ${status} is documented without a JSON body`)
    const validate = responseValidator(row, status, schema)
    if (!validate(act.body)) {
      const error = validate.errors?.[0]
      const where = `/act/body${error?.instancePath ?? ''}`
      const detail = error?.keyword === 'additionalProperties' ? `has '${String((error.params as { additionalProperty?: string }).additionalProperty)}', which is not a documented field` : (error?.message ?? 'is invalid')
      throw bad(where, `${detail} (the body must match ${row.operationId}'s documented ${status} response)`)
    }
    out.body = act.body
  }
  if (act.delay !== undefined) out.delay = checkDelay(act.delay, limits)
  return out
}

function checkWhen (when: NonNullable<PlanInput['when']>, now: number): PlanWhen {
  const out: PlanWhen = {}
  if (when.times !== undefined) out.times = when.times
  if (when.seed !== undefined && when.probability === undefined) throw bad('/when/seed', "seeds the draws of '/when/probability', which is not given")
  if (when.probability !== undefined) {
    out.probability = when.probability
    // A plan without a seed gets one, shown in the list: the same sequence can be asked for again.
    out.seed = when.seed ?? Math.floor(Math.random() * 0x100000000)
  }
  if (when.expiresAt !== undefined && when.expiresIn !== undefined) throw bad('/when/expiresIn', "must not be given with '/when/expiresAt' (one expiry)")
  if (when.expiresAt !== undefined) {
    const at = Date.parse(when.expiresAt)
    if (Number.isNaN(at)) throw bad('/when/expiresAt', `must be an RFC 3339 date-time, not "${when.expiresAt}"`)
    if (at <= now) throw bad('/when/expiresAt', `(${when.expiresAt}) is not in the future (the sandbox's clock says ${new Date(now).toISOString()})`)
    out.expiresAt = new Date(at).toISOString()
  }
  if (when.expiresIn !== undefined) out.expiresAt = new Date(now + when.expiresIn * 1000).toISOString()
  return out
}

/**
 * Checks a plan against its tenant's API: the operation exists, the status is documented, a
 * given body matches the documented schema, patterns are RE2 and within the bounds. Throws a
 * problem naming the field.
 */
export async function checkPlan (api: ApiDef, tenant: string, input: PlanInput, limits: PlanLimits, now: number): Promise<CheckedPlan> {
  if (input.match.api !== undefined && input.match.api !== api.id) {
    throw bad('/match/api', `is "${input.match.api}", but the plan is for tenant "${tenant}" of ${api.id} (a tenant's plans are for its own API)`)
  }
  const row = findOperation(api, input.match)
  if ((input.match.predicates ?? []).some((p) => p.matches !== undefined)) await loadRegex()
  const predicates = checkPredicates(row, input.match.predicates ?? [], limits)
  const act = checkAct(row, input.act, limits)
  const when = checkWhen(input.when ?? {}, now)
  return {
    tenant,
    ...(input.note === undefined ? {} : { note: input.note }),
    match: { api: api.id, operation: row.operationId, method: row.method, path: row.path, predicates },
    act,
    when,
  }
}
