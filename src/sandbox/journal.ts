import type { FastifyReply, FastifyRequest } from 'fastify'

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

/** The last N requests to the APIs, in a bounded ring. */
export class Journal {
  readonly capacity: number
  #entries: JournalEntry[] = []
  #next = 0
  #seq = 0

  constructor (capacity: number) {
    this.capacity = capacity
  }

  record (request: FastifyRequest, reply: FastifyReply): void {
    if (this.capacity === 0) return
    const row = request.row
    const entry: JournalEntry = {
      seq: ++this.#seq,
      at: Date.now(),
      method: request.method,
      url: request.url,
      path: pathOf(request.url),
      api: row?.api.id ?? null,
      operation: row?.operationId ?? null,
      status: reply.statusCode,
      tenant: request.tenant === '' ? null : request.tenant,
      durationMs: Math.round(reply.elapsedTime * 1000) / 1000,
      body: request.body === undefined ? null : redact(request.body),
    }
    if (this.#entries.length < this.capacity) this.#entries.push(entry)
    else this.#entries[this.#next] = entry
    this.#next = (this.#next + 1) % this.capacity
  }

  /** Matching entries, oldest first, as clients read them. */
  list (filter: JournalFilter): Array<Omit<JournalEntry, 'at'> & { time: string }> {
    return this.find(filter).map(({ at, seq, ...entry }) => ({ seq, time: new Date(at).toISOString(), ...entry }))
  }

  /** Matching entries, oldest first. */
  find (filter: JournalFilter): JournalEntry[] {
    const ordered = this.#entries.length < this.capacity
      ? this.#entries
      : [...this.#entries.slice(this.#next), ...this.#entries.slice(0, this.#next)]
    return ordered.filter((e) => matches(e, filter))
  }

  /** Removes matching entries; answers how many. */
  remove (filter: JournalFilter): number {
    const keep = this.find({}).filter((e) => !matches(e, filter))
    const removed = this.#entries.length - keep.length
    this.#entries = keep
    this.#next = keep.length % this.capacity
    return removed
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
