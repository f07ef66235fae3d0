import type { FastifyReply, FastifyRequest } from 'fastify'
import type { RouteRow } from '../spec/compile.js'
import { keepBody } from './journal-body.js'

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
  /** The body as sent was longer, deeper or (refused unread) not kept: `body` holds what fits. */
  bodyTruncated: boolean
  /** The request's Content-Length, when it sent one. */
  bodyBytes: number | null
  /** The id of the runtime plan that answered (or delayed) the request; null when none did. */
  plan: string | null
}

/** Bounds of the journal's bodies, in bytes of JSON. */
export interface JournalLimits {
  /** At most this much of one request's body is kept. */
  entryBytes: number
  /** At most this much for all bodies: past it the oldest bodies are dropped (their entries stay, marked truncated). */
  totalBytes: number
}

export const DEFAULT_JOURNAL_LIMITS: JournalLimits = { entryBytes: 16_384, totalBytes: 16_777_216 }

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
  bodyTruncated: boolean
  bodyBytes: number | null
  plan: string | null
  /** What `body` costs the journal's total. */
  cost: number
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
    bodyTruncated: slot.bodyTruncated,
    bodyBytes: slot.bodyBytes,
    plan: slot.plan,
  }
}

export function contentLength (request: FastifyRequest): number | null {
  const value = request.headers?.['content-length']
  return value === undefined || !/^\d{1,15}$/.test(value) ? null : Number(value)
}

/** An entry as clients read it. */
export type ListedEntry = Omit<JournalEntry, 'at'> & { time: string }

/**
 * The request journal as the control routes use it: this process's ring (answering at once), or
 * the shared engine's table (answering with promises), which every replica writes and reads.
 */
export interface RequestJournal {
  readonly capacity: number
  list: (filter: JournalFilter) => ListedEntry[] | Promise<ListedEntry[]>
  find: (filter: JournalFilter) => JournalEntry[] | Promise<JournalEntry[]>
  remove: (filter: JournalFilter) => number | Promise<number>
}

/** An entry as clients read it: `time` in RFC 3339 after `seq`. */
export function listed ({ at, seq, ...entry }: JournalEntry): ListedEntry {
  return { seq, time: new Date(at).toISOString(), ...entry }
}

/**
 * The last N requests to the APIs, in a bounded ring. Once full, a request overwrites the
 * oldest slot in place: recording allocates nothing that outlives the request but its body.
 */
export class Journal implements RequestJournal {
  readonly capacity: number
  readonly limits: JournalLimits
  #slots: Slot[] = []
  #next = 0
  #seq = 0
  /** Bytes of all kept bodies. */
  #bytes = 0
  /** How many of the oldest entries are known to hold no body (where dropping bodies goes on). */
  #bodiless = 0

  constructor (capacity: number, limits: JournalLimits = DEFAULT_JOURNAL_LIMITS) {
    this.capacity = capacity
    this.limits = limits
  }

  /** Records a request; `status` is what the client got (0: no answer, a fault broke the connection). */
  record (request: FastifyRequest, reply: FastifyReply, status = reply.statusCode): void {
    if (this.capacity === 0) return
    let slot = this.#slots.length < this.capacity ? undefined : this.#slots[this.#next]
    if (slot === undefined) {
      slot = { seq: 0, at: 0, method: '', url: '', row: null, status: 0, tenant: '', durationMs: 0, body: null, bodyTruncated: false, bodyBytes: null, plan: null, cost: 0 }
      this.#slots.push(slot)
    } else if (this.#bodiless > 0) {
      // The oldest entry is overwritten: one fewer known to hold no body.
      this.#bodiless--
    }
    this.#bytes -= slot.cost
    slot.seq = ++this.#seq
    slot.at = Date.now()
    slot.method = request.method
    slot.url = request.url
    slot.row = request.row ?? null
    slot.status = status
    slot.tenant = request.tenant
    slot.durationMs = Math.round(reply.elapsedTime * 1000) / 1000
    slot.bodyBytes = contentLength(request)
    slot.plan = request.plan
    if (request.body === undefined || request.body === null) {
      slot.body = null
      slot.cost = 0
      // A body that was sent but never read (refused before parsing, e.g. too large) is not kept.
      slot.bodyTruncated = slot.bodyBytes !== null && slot.bodyBytes > 0 && request.body === undefined && reply.statusCode >= 400
    } else {
      const kept = keepBody(request.body, Math.min(this.limits.entryBytes, this.limits.totalBytes))
      slot.body = kept.body
      slot.bodyTruncated = kept.truncated
      slot.cost = kept.bytes
      this.#makeRoom(slot)
      this.#bytes += kept.bytes
    }
    this.#next = (this.#next + 1) % this.capacity
  }

  /**
   * Drops the oldest kept bodies until the incoming one (at #next) fits in the total. The other
   * slots, oldest first, start after #next; the first #bodiless of them are known to hold none.
   */
  #makeRoom (incoming: Slot): void {
    const size = this.#slots.length
    let k = this.#bodiless
    for (; k < size - 1 && this.#bytes + incoming.cost > this.limits.totalBytes; k++) {
      const slot = this.#slots[(this.#next + 1 + k) % size]!
      this.#bytes -= slot.cost
      if (slot.cost > 0) slot.bodyTruncated = true
      slot.cost = 0
      slot.body = null
    }
    this.#bodiless = k
  }

  /** Matching entries, oldest first, as clients read them. */
  list (filter: JournalFilter): ListedEntry[] {
    return this.find(filter).map(listed)
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
    this.#bodiless = 0
    this.#bytes = this.#slots.reduce((sum, slot) => sum + slot.cost, 0)
    return before - this.#slots.length
  }

  #ordered (): Slot[] {
    return this.#slots.length < this.capacity
      ? this.#slots
      : [...this.#slots.slice(this.#next), ...this.#slots.slice(0, this.#next)]
  }
}

export function matches (e: JournalEntry, f: JournalFilter): boolean {
  return (f.tenant === undefined || e.tenant === f.tenant) &&
    (f.api === undefined || e.api === f.api) &&
    (f.operation === undefined || e.operation === f.operation) &&
    (f.method === undefined || e.method === f.method.toUpperCase()) &&
    (f.path === undefined || e.path === f.path) &&
    (f.pathPrefix === undefined || e.path.startsWith(f.pathPrefix)) &&
    (f.status === undefined || e.status === f.status) &&
    (f.since === undefined || e.at >= f.since)
}
