import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { RouteRow } from '../../spec/compile.js'
import type { TenantData, TenantWrite } from '../../store/contract.js'
import type { Clock } from '../../auth/tokens.js'
import { sendFault } from '../faults.js'
import { compileForcedResponses, loadGenerator, sendForced, type Forced } from '../forced-response.js'
import { isProblem, Problem } from '../problems.js'
import type { CompiledPlan, PlanBook } from './match.js'
import { PLAN_USES, PLANS, type Delay, type PlanUses, type StoredPlan } from './types.js'

/**
 * The per-operation step of runtime plans, run after Prefer and the magic values: resolves true
 * when a plan answered the request (a status, an example, a given body, a fault), false when the
 * operation is to be served (no plan took the call, or a plan only delayed it). Undefined at once
 * when the tenant has no plan for the operation, so such a request pays no promise for it.
 */
export type PlanStep = (request: FastifyRequest, reply: FastifyReply, data: TenantData) => Promise<boolean> | undefined

/** Journals a request answered with a fault: `status` 0 when no answer was sent at all. */
export type FaultJournal = (request: FastifyRequest, reply: FastifyReply, status: number) => void | Promise<void>

/** A uniform draw in [0, 1) from a seed and the draw's number: the same seed, the same sequence. */
export function draw (seed: number, n: number): number {
  // murmur3's finalizer over the seed mixed with the draw number (Weyl sequence): cheap and well spread.
  let h = (seed ^ Math.imul(n + 1, 0x9e3779b9)) >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  h ^= h >>> 16
  return (h >>> 0) / 0x100000000
}

/**
 * Whether a counted plan takes this call: in one transaction with the plan's uses, so two
 * concurrent calls (on any replica) never both take its last use, and a seeded plan's draws
 * follow its sequence one by one. A plan used up (or expired) is removed in the same transaction.
 */
export function consume (tx: TenantWrite, plan: StoredPlan, now: number): boolean {
  const id = plan.id
  if (tx.get(PLANS, id) === undefined) return false
  const remove = (): void => { tx.remove(PLANS, id); tx.remove(PLAN_USES, id) }
  if (plan.when.expiresAt !== undefined && Date.parse(plan.when.expiresAt) <= now) {
    remove()
    return false
  }
  const uses = (tx.get(PLAN_USES, id) as PlanUses | undefined) ?? { draws: 0, ...(plan.when.times === undefined ? {} : { remaining: plan.when.times }) }
  const next: PlanUses = { ...uses }
  if (plan.when.probability !== undefined) {
    next.draws = uses.draws + 1
    if (draw(plan.when.seed ?? 0, uses.draws) >= plan.when.probability) {
      tx.put(PLAN_USES, id, next)
      return false
    }
  }
  if (next.remaining !== undefined) {
    if (next.remaining <= 0) return false
    next.remaining--
    if (next.remaining === 0) {
      remove()
      return true
    }
  }
  tx.put(PLAN_USES, id, next)
  return true
}

function delayOf (delay: Delay | undefined): number {
  if (delay === undefined) return 0
  if (typeof delay === 'number') return delay
  return delay.min + Math.floor(Math.random() * (delay.max - delay.min + 1))
}

/** The plan step of one operation; the forced answers are compiled on the first plan that needs them. */
export function planStep (row: RouteRow, book: PlanBook, clock: Clock, journal?: FaultJournal): PlanStep {
  let forced: ReturnType<typeof compileForcedResponses> | undefined
  const force = async (prefs: Parameters<ReturnType<typeof compileForcedResponses>>[0]): Promise<Forced | Problem> => {
    await loadGenerator()
    forced ??= compileForcedResponses(row)
    return forced(prefs)
  }

  const send = (reply: FastifyReply, answer: Forced): void => { sendForced(reply, row.dialect, answer) }

  /** Carries out a plan's act; true when it answered. */
  const act = async (request: FastifyRequest, reply: FastifyReply, plan: StoredPlan): Promise<boolean> => {
    const { act } = plan
    const delay = delayOf(act.delay)
    if (delay > 0) await sleep(delay)
    if (act.fault !== undefined) {
      // The start of the documented success body, for a malformed answer.
      const sample = act.fault === 'malformed' ? await force({}) : undefined
      // Journaled first: the connection is gone before any hook could see the request finish.
      try {
        await journal?.(request, reply, act.fault === 'malformed' ? 200 : 0)
      } catch (err) {
        // The fault is what the plan asked for: a journal that cannot keep it does not change the answer.
        request.log.warn({ err }, 'the request could not be journaled')
      }
      sendFault(request, reply, act.fault, sample === undefined || isProblem(sample) ? undefined : sample.body)
      return true
    }
    if (act.status === undefined) return false
    if (act.body !== undefined) {
      send(reply, { status: act.status, body: act.body, type: 'application/json' })
      return true
    }
    const answer = await force({ code: act.status, ...(act.example === undefined ? {} : { example: act.example }) })
    // An error status in the API's own envelope, saying which plan answered.
    if (isProblem(answer)) throw new Problem(answer.kind, `status ${act.status} answered by the sandbox plan ${plan.id}`)
    send(reply, answer)
    return true
  }

  const run = async (request: FastifyRequest, reply: FastifyReply, data: TenantData, candidates: CompiledPlan[]): Promise<boolean> => {
    for (const candidate of candidates) {
      const now = clock()
      if (candidate.expiresAt !== undefined && candidate.expiresAt <= now) continue
      if (!candidate.matches(request)) continue
      if (candidate.counted && !(await data.transact((tx) => consume(tx, candidate.plan, clock())))) continue
      request.plan = candidate.plan.id
      return act(request, reply, candidate.plan)
    }
    return false
  }

  const step: PlanStep = (request, reply, data) => {
    const candidates = book.plans(data, row.operationId)
    if (candidates === undefined) return undefined
    if (candidates instanceof Promise) return candidates.then(() => step(request, reply, data) ?? false)
    return run(request, reply, data, candidates)
  }
  return step
}
