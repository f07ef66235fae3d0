import type { FastifyReply, FastifyRequest } from 'fastify'
import type { RouteRow } from '../spec/compile.js'

export interface JournalEntry {
  seq: number
  /** ms since the epoch; shown as RFC 3339 `time` when read (formatting is left off the request path). */
  at: number
  method: string
  url: string
  path: string
  api: string | null
  operation: string | null
  status: number
  /** `<api>:<tenant>` of the caller's credential; null when the request carried none that held. */
  tenant: string | null
  durationMs: number
  body: unknown
}

export interface JournalFilter {
  tenant?: string
  api?: string
  operation?: string
  method?: string
  path?: string
  pathPrefix?: string
  status?: number
  since?: number
}

// Field names whose values are credentials: kept out of the journal. In an OAuth grant (a body
// with grant_type) the authorization `code` is one too.
const SECRET = /pass(word)?|secret|token|otp|authorization|assertion|api[-_]?key|^key$/i

function redact (value: unknown, depth = 0): unknown {
  if (Buffer.isBuffer(value)) return { bytes: value.length }
  if (value === null || typeof value !== 'object' || depth > 20) return value
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1))
  const grant = depth === 0 && 'grant_type' in value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET.test(k) || (grant && k === 'code') ? '[redacted]' : redact(v, depth + 1)
  }
  return out
}

function pathOf (url: string): string {
  const q = url.indexOf('?')
  return q === -1 ? url : url.slice(0, q)
}

/** What a request leaves in the ring: raw facts; the path and the operation are worked out when read. */
interface Slot {
  seq: number
  at: number
  method: string
  url: string
  row: RouteRow | null
  status: number
  tenant: string
  durationMs: number
  body: unknown
}

function entryOf (slot: Slot): JournalEntry {
  return {
    seq: slot.seq,
    at: slot.at,
    method: slot.method,
    url: slot.url,
    path: pathOf(slot.url),
    api: slot.row?.api.id ?? null,
    operation: slot.row?.operationId ?? null,
    status: slot.status,
    tenant: slot.tenant === '' ? null : slot.tenant,
    durationMs: slot.durationMs,
    body: slot.body,
  }
}

/**
 * The last N requests to the APIs, in a bounded ring. Once full, a request overwrites the
 * oldest slot in place: recording allocates nothing that outlives the request but its body.
 */
export class Journal {
  readonly capacity: number
  #slots: Slot[] = []
  #next = 0
  #seq = 0

  constructor (capacity: number) {
    this.capacity = capacity
  }

  record (request: FastifyRequest, reply: FastifyReply): void {
    if (this.capacity === 0) return
    let slot = this.#slots.length < this.capacity ? undefined : this.#slots[this.#next]
    if (slot === undefined) {
      slot = { seq: 0, at: 0, method: '', url: '', row: null, status: 0, tenant: '', durationMs: 0, body: null }
      this.#slots.push(slot)
    }
    slot.seq = ++this.#seq
    slot.at = Date.now()
    slot.method = request.method
    slot.url = request.url
    slot.row = request.row ?? null
    slot.status = reply.statusCode
    slot.tenant = request.tenant
    slot.durationMs = Math.round(reply.elapsedTime * 1000) / 1000
    slot.body = request.body === undefined || request.body === null ? null : redact(request.body)
    this.#next = (this.#next + 1) % this.capacity
  }

  /** Matching entries, oldest first, as clients read them. */
  list (filter: JournalFilter): Array<Omit<JournalEntry, 'at'> & { time: string }> {
    return this.find(filter).map(({ at, seq, ...entry }) => ({ seq, time: new Date(at).toISOString(), ...entry }))
  }

  /** Matching entries, oldest first (copies: the ring's slots are reused). */
  find (filter: JournalFilter): JournalEntry[] {
    return this.#ordered().map(entryOf).filter((e) => matches(e, filter))
  }

  /** Removes matching entries; answers how many. */
  remove (filter: JournalFilter): number {
    const before = this.#slots.length
    this.#slots = this.#ordered().filter((slot) => !matches(entryOf(slot), filter))
    this.#next = this.#slots.length % this.capacity
    return before - this.#slots.length
  }

  #ordered (): Slot[] {
    return this.#slots.length < this.capacity
      ? this.#slots
      : [...this.#slots.slice(this.#next), ...this.#slots.slice(0, this.#next)]
  }
}

function matches (e: JournalEntry, f: JournalFilter): boolean {
  return (f.tenant === undefined || e.tenant === f.tenant) &&
    (f.api === undefined || e.api === f.api) &&
    (f.operation === undefined || e.operation === f.operation) &&
    (f.method === undefined || e.method === f.method.toUpperCase()) &&
    (f.path === undefined || e.path === f.path) &&
    (f.pathPrefix === undefined || e.path.startsWith(f.pathPrefix)) &&
    (f.status === undefined || e.status === f.status) &&
    (f.since === undefined || e.at >= f.since)
}
