import { hexDigest } from './constant-time.js'
import type { Clock } from './tokens.js'

/** At most this many spent codes are remembered per API; past it, the oldest is forgotten. */
export const SPENT_CODES_MAX = 10_000

interface Spent { tokens: string[], until: number }

/** What the tokens descending from a code carry to name it (its digest: never the code itself). */
export function codeFamily (code: string): string {
  return hexDigest(code)
}

/**
 * Authorization codes already exchanged, with the tokens each one issued, remembered until the
 * code would have expired: a code presented again is refused and what it issued is revoked
 * (RFC 6749 §4.1.2, the OAuth security BCP §4.5). Kept by the digest of the code, in this process.
 */
export class SpentCodes {
  readonly #clock: Clock
  readonly #max: number
  readonly #spent = new Map<string, Spent>()

  constructor (clock: Clock, max = SPENT_CODES_MAX) {
    this.#clock = clock
    this.#max = max
  }

  /** Remembers that `code`, valid until `until` (ms), issued `tokens`. */
  remember (code: string, tokens: string[], until: number): void {
    const now = this.#clock()
    // Oldest first: drop the expired ones at the front, then any past the bound.
    for (const [key, spent] of this.#spent) {
      if (spent.until > now && this.#spent.size < this.#max) break
      this.#spent.delete(key)
    }
    this.#spent.set(codeFamily(code), { tokens, until })
  }

  /** Adds tokens issued later from a spent code's grant (a refresh), while the code is remembered. */
  extend (family: string, tokens: string[]): void {
    this.#spent.get(family)?.tokens.push(...tokens)
  }

  /** The tokens a spent, not yet expired code issued (forgotten once told: they are revoked once). */
  take (code: string): string[] | undefined {
    const key = codeFamily(code)
    const spent = this.#spent.get(key)
    if (spent === undefined) return undefined
    this.#spent.delete(key)
    return spent.until > this.#clock() ? spent.tokens : undefined
  }

  get size (): number {
    return this.#spent.size
  }
}

const byKeeper = new WeakMap<object, SpentCodes>()

/** The spent codes of one API, found by its token keeper (one per API). */
/** Sets up a token keeper's spent codes with their bound (`--spent-codes`), before any is remembered. */
export function keepSpentCodes (keeper: { clock: Clock }, max: number): void {
  byKeeper.set(keeper, new SpentCodes(keeper.clock, max))
}

export function spentCodesOf (keeper: { clock: Clock }): SpentCodes {
  let spent = byKeeper.get(keeper)
  if (spent === undefined) {
    spent = new SpentCodes(keeper.clock)
    byKeeper.set(keeper, spent)
  }
  return spent
}
