import type { FastifyReply, FastifyRequest } from 'fastify'
import type { JournalRows } from '../store/shared-engine.js'
import { keepBody } from './journal-body.js'
import { contentLength, listed, matches, type JournalEntry, type JournalFilter, type JournalLimits, type ListedEntry, type RequestJournal } from './journal.js'

interface Waiting { entry: Omit<JournalEntry, 'seq'>, resolve: () => void, reject: (err: unknown) => void }

/** Appends out at once; entries recorded meanwhile share the next append. */
const PARALLEL = 2

/**
 * The journal of every replica, kept by the shared engine: a request is recorded before its
 * answer is sent (so a count asked on any replica after an answer includes it), appends of
 * concurrent requests grouped into one statement. Bodies are bounded per entry as in the ring;
 * the table keeps the newest `capacity` entries (so at most capacity × entry bytes of bodies).
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
  record (request: FastifyRequest, reply: FastifyReply): Promise<void> {
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
    const entry: Omit<JournalEntry, 'seq'> = {
      at: Date.now(),
      method: request.method,
      url,
      path: q === -1 ? url : url.slice(0, q),
      api: request.row?.api.id ?? null,
      operation: request.row?.operationId ?? null,
      status: reply.statusCode,
      tenant: request.tenant === '' ? null : request.tenant,
      durationMs: Math.round(reply.elapsedTime * 1000) / 1000,
      body,
      bodyTruncated,
      bodyBytes,
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
    const rows = await this.#rows.recent()
    return (rows as unknown as JournalEntry[]).filter((e) => matches(e, filter))
  }

  async list (filter: JournalFilter): Promise<ListedEntry[]> {
    return (await this.find(filter)).map(listed)
  }

  async remove (filter: JournalFilter): Promise<number> {
    const found = await this.find(filter)
    return found.length === 0 ? 0 : this.#rows.remove(found.map((e) => e.seq))
  }
}
