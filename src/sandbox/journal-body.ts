// A request body as the journal keeps it: credentials redacted, and bounded in bytes and depth,
// so that no body (however large or deep) can bloat the journal or break its serialization.

/** Objects and arrays nested deeper than this are cut: reading the journal never recurses deeper. */
export const MAX_DEPTH = 32

// Field names whose values are credentials: kept out of the journal. In an OAuth grant (a body
// with grant_type) the authorization `code` is one too.
const SECRET = /pass(word)?|secret|token|otp|authorization|assertion|api[-_]?key|^key$|verifier/i

const REDACTED = '[redacted]'
const TOO_DEEP = `[truncated: nested deeper than ${MAX_DEPTH} levels]`

export interface KeptBody {
  body: unknown
  /** Roughly the bytes of `body` as JSON: what it costs the journal's total. */
  bytes: number
  truncated: boolean
}

interface Budget { left: number, truncated: boolean }

/** A redacted copy of `value` of about `maxBytes` bytes of JSON at most; `truncated` tells whether anything was left out. */
export function keepBody (value: unknown, maxBytes: number): KeptBody {
  const budget: Budget = { left: maxBytes, truncated: false }
  const body = copy(value, 0, budget)
  return { body: budget.truncated && body === undefined ? null : body, bytes: maxBytes - Math.max(budget.left, 0), truncated: budget.truncated }
}

function copy (value: unknown, depth: number, budget: Budget): unknown {
  if (Buffer.isBuffer(value)) return spend(budget, 16) ? { bytes: value.length } : undefined
  if (typeof value === 'string') return text(value, budget)
  if (value === null || typeof value !== 'object') return spend(budget, 8) ? value : undefined
  if (depth >= MAX_DEPTH) {
    budget.truncated = true
    return spend(budget, TOO_DEEP.length) ? TOO_DEEP : undefined
  }
  if (!spend(budget, 2)) return undefined
  if (Array.isArray(value)) {
    const out: unknown[] = []
    for (const item of value) {
      const kept = copy(item, depth + 1, budget)
      if (kept === undefined) break
      out.push(kept)
    }
    return out
  }
  const grant = depth === 0 && 'grant_type' in value
  const out: Record<string, unknown> = {}
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue
    if (!spend(budget, key.length + 4)) break
    const kept = SECRET.test(key) || (grant && key === 'code') ? REDACTED : copy((value as Record<string, unknown>)[key], depth + 1, budget)
    if (kept === undefined) break
    // A key named __proto__ is defined, not assigned, so it stays a plain field of the copy;
    // every other key is assigned (defining each one would make the copy a slow dictionary).
    if (key === '__proto__') Object.defineProperty(out, key, { value: kept, enumerable: true, writable: true, configurable: true })
    else out[key] = kept
  }
  return out
}

function text (value: string, budget: Budget): string | undefined {
  if (spend(budget, value.length + 2)) return own(value)
  // What is left of the budget (refunded by spend) holds the start of the text.
  const room = budget.left
  budget.left = 0
  return room > 16 ? `${own(value.slice(0, room - 16))}…[truncated]` : undefined
}

/**
 * A copy that owns its characters. V8 makes a slice (or a string JSON.parse read from a body)
 * a view of its source: kept as it is, 16 KB of a 1 MB body would hold the whole megabyte.
 */
function own (value: string): string {
  return value.length < 13 ? value : Buffer.from(value, 'utf8').toString('utf8')
}

/** Takes `cost` from the budget; false (and the copy is marked truncated) when it does not fit. */
function spend (budget: Budget, cost: number): boolean {
  if (cost <= budget.left) {
    budget.left -= cost
    return true
  }
  budget.truncated = true
  return false
}
