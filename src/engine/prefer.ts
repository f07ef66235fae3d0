import { Problem } from './problems.js'

/** What a client asked for in its `Prefer` header (Prism's words, plus faults). */
export interface Preferences {
  code?: number
  example?: string
  dynamic?: boolean
  delay?: number
  fault?: Fault
}

export const FAULTS = ['reset', 'empty', 'malformed'] as const
export type Fault = (typeof FAULTS)[number]

/** The longest delay a client may ask for, in ms. */
export const MAX_DELAY_MS = 30_000

const FIELD = { in: 'header' as const, name: 'Prefer' }
const KEYS = ['code', 'example', 'dynamic', 'delay', 'fault']

function bad (message: string): Problem {
  return new Problem('invalid-header', `Prefer ${message}`, { field: FIELD, reason: 'invalid-format' })
}

/** Parses `Prefer: code=404, delay=200` (RFC 7240: comma-separated, `;` also accepted). */
export function parsePrefer (header: string): Preferences {
  const prefs: Preferences = {}
  for (const part of header.split(/[,;]/)) {
    const token = part.trim()
    if (token === '') continue
    const eq = token.indexOf('=')
    const key = (eq === -1 ? token : token.slice(0, eq)).trim().toLowerCase()
    const value = eq === -1 ? '' : token.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1')
    switch (key) {
      case 'code':
        if (!/^[1-5]\d\d$/.test(value)) throw bad(`code must be an HTTP status (100-599), not "${value}"`)
        prefs.code = Number(value)
        break
      case 'example':
        if (value === '') throw bad('example needs a name (example=<name>)')
        prefs.example = value
        break
      case 'dynamic':
        if (value !== 'true' && value !== 'false') throw bad(`dynamic must be true or false, not "${value}"`)
        prefs.dynamic = value === 'true'
        break
      case 'delay':
        if (!/^\d{1,6}$/.test(value) || Number(value) > MAX_DELAY_MS) throw bad(`delay must be a whole number of milliseconds from 0 to ${MAX_DELAY_MS}, not "${value}"`)
        prefs.delay = Number(value)
        break
      case 'fault':
        if (!(FAULTS as readonly string[]).includes(value)) throw bad(`fault must be one of: ${FAULTS.join(', ')}, not "${value}"`)
        prefs.fault = value as Fault
        break
      default:
        throw bad(`"${key}" is not a known preference; use ${KEYS.join(', ')}`)
    }
  }
  return prefs
}
