import type { RouteRow } from '../../spec/compile.js'

export interface Lifetimes { access: number, refresh: number, code: number, login: number }

// The facts' lifetimes: codes 120 s, access tokens 30 min, refresh tokens 30 days; a sign-in page
// (the sandbox's own) 10 min.
const DEFAULTS: Lifetimes = { access: 1800, refresh: 2_592_000, code: 120, login: 600 }

/** Token lifetimes in seconds: the operation's `x-sandbox-token-lifetimes`, else Citi's. Checked at boot. */
export function lifetimesOf (row: RouteRow): Lifetimes {
  const own = row.operation['x-sandbox-token-lifetimes'] ?? {}
  const out = { ...DEFAULTS }
  for (const [kind, seconds] of Object.entries(own as Record<string, unknown>)) {
    if (!(kind in DEFAULTS) || !Number.isInteger(seconds) || (seconds as number) < 1) {
      throw new Error(`spec ${row.api.spec.file}: ${row.operationId}: x-sandbox-token-lifetimes.${kind} must be access, refresh, code or login, in whole seconds`)
    }
    out[kind as keyof Lifetimes] = seconds as number
  }
  return out
}
