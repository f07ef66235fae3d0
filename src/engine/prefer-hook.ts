import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { RouteRow } from '../spec/compile.js'
import { sendFault } from './faults.js'
import { compileForcedResponses, loadGenerator, sendForced, type DynamicSource } from './forced-response.js'
import { parsePrefer } from './prefer.js'
import { isProblem } from './problems.js'
import type { UuidSource } from './uuid.js'

/**
 * The per-operation step for `Prefer` and latency: resolves true when it answered the request
 * itself (a forced status, example or fault), false when the operation should be served.
 * Undefined at once when there is nothing to do (no Prefer header, no latency), so a plain
 * request pays no promise for it.
 */
export type PreferStep = (request: FastifyRequest, reply: FastifyReply) => Promise<boolean> | undefined

/**
 * Runs after the credential check and the request's validation, so a preference never
 * bypasses either (a 401 or 403 can still be forced with code=).
 */
export function preferStep (row: RouteRow, latency: (() => number) | undefined, uuid: UuidSource = randomUUID): PreferStep {
  // Seeds drawn from the sandbox's UUID sequence: under --seed, the same calls answer the same bytes.
  const dynamic: DynamicSource = {
    seed () {
      const seed = Number.parseInt(uuid().slice(0, 8), 16)
      ;(dynamic.faker as { seed: (n: number) => void } | undefined)?.seed(seed)
      return seed
    },
  }
  const force = compileForcedResponses(row, dynamic)

  async function apply (request: FastifyRequest, reply: FastifyReply, header: string | undefined): Promise<boolean> {
    const prefs = header === undefined ? {} : parsePrefer(header)
    const delay = prefs.delay ?? latency?.()
    if (delay !== undefined && delay > 0) await sleep(delay)
    if (prefs.code === undefined && prefs.example === undefined && prefs.dynamic !== true && prefs.fault === undefined) return false
    if (prefs.dynamic === true) dynamic.faker ??= await sharedFaker()
    await loadGenerator()
    const forced = force(prefs)
    if (isProblem(forced)) throw forced
    if (prefs.fault !== undefined) {
      sendFault(request, reply, prefs.fault, forced.body)
      return true
    }
    sendForced(reply, row.dialect, forced)
    return true
  }

  return (request, reply) => {
    const header = request.headers.prefer
    if (header === undefined && latency === undefined) return undefined
    return apply(request, reply, Array.isArray(header) ? header.join(',') : header)
  }
}

let faker: Promise<unknown> | undefined
/** One faker for every dynamic body, loaded on the first `dynamic=true` (a plain start never pays for it). */
function sharedFaker (): Promise<unknown> {
  faker ??= import('@faker-js/faker').then(({ Faker, en, en_AU }) => new Faker({ locale: [en_AU, en] }))
  return faker
}
