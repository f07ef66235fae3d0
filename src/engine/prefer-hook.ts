import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify'
import type { RouteRow } from '../spec/compile.js'
import { sendFault } from './faults.js'
import { compileForcedResponses } from './forced-response.js'
import { parsePrefer } from './prefer.js'
import { isProblem } from './problems.js'

/**
 * The per-operation hook for `Prefer` and latency. It runs after the credential check and
 * the request's validation, so a preference never bypasses either (a 401 or 403 can still be
 * forced with code=). Without a Prefer header and without latency it returns at once.
 */
export function preferHook (row: RouteRow, latency: (() => number) | undefined): preHandlerHookHandler {
  const force = compileForcedResponses(row)

  /** Resolves true when it answered the request itself. */
  async function apply (request: FastifyRequest, reply: FastifyReply, header: string | undefined): Promise<boolean> {
    const prefs = header === undefined ? {} : parsePrefer(header)
    const delay = prefs.delay ?? latency?.()
    if (delay !== undefined && delay > 0) await sleep(delay)
    if (prefs.code === undefined && prefs.example === undefined && prefs.dynamic !== true && prefs.fault === undefined) return false
    const forced = force(prefs)
    if (isProblem(forced)) throw forced
    if (prefs.fault !== undefined) {
      sendFault(request, reply, prefs.fault, forced.body)
      return true
    }
    reply.code(forced.status)
    if (forced.body === undefined) reply.send()
    else reply.send(forced.body)
    return true
  }

  return (request, reply, done) => {
    const header = request.headers.prefer
    if (header === undefined && latency === undefined) {
      done()
      return
    }
    apply(request, reply, Array.isArray(header) ? header.join(',') : header)
      .then((answered) => { if (!answered) done() }, (err: Error) => done(err))
  }
}
