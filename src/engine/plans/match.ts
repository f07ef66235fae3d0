import { isDeepStrictEqual } from 'node:util'
import type { FastifyRequest } from 'fastify'
import type { TenantData } from '../../store/contract.js'
import { compileRegex, loadRegex, regexReady } from './regex.js'
import { PLANS, type Predicate, type StoredPlan } from './types.js'

/** A stored plan made ready to test requests with. */
export interface CompiledPlan {
  plan: StoredPlan
  /** ms since the epoch; undefined: never. */
  expiresAt: number | undefined
  /** Whether each answer is counted in the store (a number of times, or a probability's draws). */
  counted: boolean
  matches: (request: FastifyRequest) => boolean
}

/** One tenant's plans by operationId, most recent first; undefined when it has none. */
interface Compiled { revision: number, byOperation: Map<string, CompiledPlan[]> | undefined }

type Test = (value: unknown) => boolean

/** The value a body predicate's JSON pointer reaches (undefined: nothing there). */
function at (body: unknown, pointer: string): unknown {
  if (pointer === '') return body
  let value = body
  for (const raw of pointer.slice(1).split('/')) {
    if (value === null || typeof value !== 'object') return undefined
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (Array.isArray(value) && !/^(0|[1-9]\d*)$/.test(token)) return undefined
    if (!Object.hasOwn(value, token)) return undefined
    value = (value as Record<string, unknown>)[token]
  }
  return value
}

function valueTest (predicate: Predicate, matchLength: number): Test {
  if (predicate.matches !== undefined) {
    const test = compileRegex(predicate.matches)
    // Strings, numbers and booleans are tested as their text; a value longer than the bound never matches.
    return (value) => {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return false
      const text = String(value)
      return text.length <= matchLength && test(text)
    }
  }
  const expected = predicate.equals
  if (predicate.in === 'body') return (value) => isDeepStrictEqual(value, expected)
  const text = String(expected)
  return (value) => value !== undefined && value !== null && String(value) === text
}

/** Any of the request's values of a field passes (a repeated header or query parameter). */
const anyOf = (test: Test) => (value: unknown): boolean => (Array.isArray(value) ? value.some(test) : test(value))

function queryValues (request: FastifyRequest, name: string): string[] {
  const q = request.url.indexOf('?')
  return q === -1 ? [] : new URLSearchParams(request.url.slice(q + 1)).getAll(name)
}

function predicateTest (predicate: Predicate, matchLength: number): (request: FastifyRequest) => boolean {
  const test = valueTest(predicate, matchLength)
  const name = predicate.name ?? ''
  switch (predicate.in) {
    case 'header': return (request) => anyOf(test)(request.headers[name])
    // The query as the client sent it (before the validator coerced or renamed anything).
    case 'query': return (request) => queryValues(request, name).some(test)
    case 'path': return (request) => test((request.params as Record<string, unknown> | undefined)?.[name])
    case 'body': {
      const pointer = predicate.pointer ?? ''
      return (request) => test(at(request.body, pointer))
    }
  }
}

function compile (plan: StoredPlan, matchLength: number): CompiledPlan {
  const tests = plan.match.predicates.map((p) => predicateTest(p, matchLength))
  return {
    plan,
    expiresAt: plan.when.expiresAt === undefined ? undefined : Date.parse(plan.when.expiresAt),
    counted: plan.when.times !== undefined || plan.when.probability !== undefined,
    matches: (request) => tests.every((test) => test(request)),
  }
}

/**
 * The plans of one API's tenants, compiled once per change: a tenant's plans are compiled again
 * only when its plan collection's revision moved. A tenant without plans costs a request one
 * revision read and one lookup (no promise, nothing allocated).
 */
export class PlanBook {
  readonly #cache = new WeakMap<TenantData, Compiled>()
  readonly #matchLength: number

  constructor (matchLength: number) {
    this.#matchLength = matchLength
  }

  /**
   * The tenant's plans for an operation, most recent first; undefined when there are none. A
   * promise while the pattern engine is still loading (plans with patterns read from the store).
   */
  plans (data: TenantData, operationId: string): CompiledPlan[] | undefined | Promise<unknown> {
    const revision = data.revision(PLANS)
    let compiled = this.#cache.get(data)
    if (compiled === undefined || compiled.revision !== revision) {
      const stored = data.list(PLANS) as StoredPlan[]
      if (stored.length === 0) {
        compiled = { revision, byOperation: undefined }
      } else {
        if (!regexReady() && stored.some((p) => p.match.predicates.some((q) => q.matches !== undefined))) return loadRegex()
        const byOperation = new Map<string, CompiledPlan[]>()
        for (const plan of [...stored].sort((a, b) => b.seq - a.seq)) {
          let list = byOperation.get(plan.match.operation)
          if (list === undefined) byOperation.set(plan.match.operation, list = [])
          list.push(compile(plan, this.#matchLength))
        }
        compiled = { revision, byOperation }
      }
      this.#cache.set(data, compiled)
    }
    return compiled.byOperation?.get(operationId)
  }
}
