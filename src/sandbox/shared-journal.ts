import type { FastifyReply, FastifyRequest } from 'fastify'
import type { JournalRows } from '../store/shared-engine.js'
import { keepBody } from './journal-body.js'
import { contentLength, listed, matches, type JournalEntry, type JournalFilter, type JournalLimits, type ListedEntry, type RequestJournal } from './journal.js'

/** A stored entry: what its body costs the journal's total travels with it. */
type Stored = Omit<JournalEntry, 'seq'> & { bodyCost: number }

interface Waiting { entry: Stored, resolve: () => void, reject: (err: unknown) => void }

/** Appends out at once; entries recorded meanwhile share the next append. */
const PARALLEL = 4

/**
 * The journal of every replica, kept by the shared engine: a request is recorded before its
 * answer is sent (so a count asked on any replica after an answer includes it), appends of
 * concurrent requests grouped into one statement. Bodies are bounded per entry as in the ring,
 * and in total when read: past the total, the oldest bodies are shown dropped (marked
 * truncated). The table keeps the newest `capacity` entries.
 */
export class SharedJournal implements RequestJournal {
  readonly capacity: number
  readonly #rows: JournalRows
  readonly #limits: JournalLimits
  #pending: Waiting[] = []
  #inFlight = 0

  constructor (capacity: number, limits: JournalLimits, rows: JournalRows) {
    this.capacity = capacity
    this.#limits = limits
    this.#rows = rows
  }

  /** Resolves once the entry is stored; rejects when it could not be (the answer goes out all the same). */
  record (request: FastifyRequest, reply: FastifyReply, status = reply.statusCode): Promise<void> {
    const bodyBytes = contentLength(request)
    const kept = request.body === undefined || request.body === null
      ? undefined
      : keepBody(request.body, Math.min(this.#limits.entryBytes, this.#limits.totalBytes))
    // A body that was sent but never read (refused before parsing, e.g. too large) is not kept.
    const body = kept === undefined ? null : kept.body
    const bodyTruncated = kept === undefined
      ? bodyBytes !== null && bodyBytes > 0 && request.body === undefined && reply.statusCode >= 400
      : kept.truncated
    const url = request.url
    const q = url.indexOf('?')
    const entry: Stored = {
      at: Date.now(),
      method: request.method,
      url,
      path: q === -1 ? url : url.slice(0, q),
      api: request.row?.api.id ?? null,
      operation: request.row?.operationId ?? null,
      status,
      tenant: request.tenant === '' ? null : request.tenant,
      durationMs: Math.round(reply.elapsedTime * 1000) / 1000,
      body,
      bodyTruncated,
      bodyBytes,
      plan: request.plan,
      bodyCost: kept?.bytes ?? 0,
    }
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ entry, resolve, reject })
      if (this.#inFlight < PARALLEL) this.#send()
    })
  }

  #send (): void {
    if (this.#pending.length === 0) return
    const group = this.#pending
    this.#pending = []
    this.#inFlight++
    this.#rows.append(group.map((w) => w.entry)).then(
      () => { for (const w of group) w.resolve() },
      (err: unknown) => { for (const w of group) w.reject(err) },
    ).finally(() => {
      this.#inFlight--
      this.#send()
    })
  }

  async find (filter: JournalFilter): Promise<JournalEntry[]> {
    const rows = (await this.#rows.recent()) as unknown as Array<Stored & { seq: number }>
    // The newest bodies that fit in the total are shown; older ones are dropped, as the ring drops them.
    let total = 0
    const entries: JournalEntry[] = new Array<JournalEntry>(rows.length)
    for (let i = rows.length - 1; i >= 0; i--) {
      const { bodyCost, ...entry } = rows[i]!
      total += bodyCost ?? 0
      entries[i] = bodyCost > 0 && total > this.#limits.totalBytes ? { ...entry, body: null, bodyTruncated: true } : entry
    }
    return entries.filter((e) => matches(e, filter))
  }

  async list (filter: JournalFilter): Promise<ListedEntry[]> {
    return (await this.find(filter)).map(listed)
  }

  async remove (filter: JournalFilter): Promise<number> {
    const found = await this.find(filter)
    return found.length === 0 ? 0 : this.#rows.remove(found.map((e) => e.seq))
  }
}
