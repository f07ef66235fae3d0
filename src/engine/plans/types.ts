// What a runtime plan is once checked: kept in its tenant's data (through the store contract, so
// every engine keeps it), one record per plan, and a small record of its uses beside it.

import type { Fault } from '../prefer.js'

/** The tenant's plans (the definitions, never changed once made). */
export const PLANS = 'sandbox:plans'
/** What the counted plans have used: changed by the calls they answer. */
export const PLAN_USES = 'sandbox:plan-uses'
/** The counter plan ids are numbered from. */
export const PLAN_COUNTER = 'sandbox:plans'

/** One condition on the request. `pointer` is for the body, `name` for the others. */
export interface Predicate {
  in: 'header' | 'query' | 'path' | 'body'
  name?: string
  pointer?: string
  equals?: unknown
  matches?: string
}

/** A delay in ms: fixed, or drawn from a range. */
export type Delay = number | { min: number, max: number }

export interface PlanAct {
  status?: number
  example?: string
  body?: unknown
  fault?: Fault
  delay?: Delay
}

export interface PlanWhen {
  times?: number
  probability?: number
  seed?: number
  /** RFC 3339. */
  expiresAt?: string
}

export interface StoredPlan {
  id: string
  /** Plans are tried most recent first: the highest number first. */
  seq: number
  tenant: string
  created: string
  /** Free text for people reading the list. */
  note?: string
  match: { api: string, operation: string, method: string, path: string, predicates: Predicate[] }
  act: PlanAct
  when: PlanWhen
}

/** A plan as the control routes show it: what it has used so far with it. */
export type PlanView = StoredPlan & { remaining?: number, draws?: number }

/** A counted plan's use so far: calls left (times), draws made (probability). */
export interface PlanUses { remaining?: number, draws: number }

/** The bounds of plans (flags in src/config.ts). */
export interface PlanLimits {
  /** Plans one tenant may hold (0: plans are off). */
  perTenant: number
  /** Predicates one plan may hold. */
  predicates: number
  /** Characters of one regular expression. */
  patternLength: number
  /** Characters of a value a regular expression is tested on (a longer value does not match). */
  matchLength: number
  /** Longest delay a plan may ask for, in ms. */
  delayMax: number
}
