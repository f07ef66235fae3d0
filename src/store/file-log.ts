import { constants, fdatasync, ftruncateSync, writeSync } from 'node:fs'
import { open, readFile, rm, truncate } from 'node:fs/promises'
import { promisify } from 'node:util'
import { basename } from 'node:path'
import { setImmediate as yieldToLoop } from 'node:timers/promises'
import { TextFile } from 'lowdb/node'
import { StoreUnavailable, TenantUnreadable } from './contract.js'
import { DamagedLog, LOG_HEADER, decodeBatch, encodeBatch, splitLog } from './log-format.js'
import type { Change, OverlayState } from './overlay-state.js'
import type { Exclusive, StoreLogger, TenantLog } from './persistence.js'
import type { OpenFiles } from './open-files.js'
import { replaceFile } from './replace-file.js'

/** A log this small is never compacted; past it, when it is twice what a compaction left. */
const MIN_COMPACT_BYTES = 256 * 1024
/** Changes per line of a compacted log, and lines replayed between two turns of the event loop. */
const CHANGES_PER_LINE = 256
const LINES_PER_TURN = 64
const HEADER_BYTES = Buffer.byteLength(LOG_HEADER)
/** How tenant logs are opened for appending: to the file that is there, never a new headless one. */
export const APPEND = constants.O_WRONLY | constants.O_APPEND
const dataSync = promisify(fdatasync)

/**
 * Writes all of `bytes` at the end of the file (a regular file takes them in one go, but a short
 * write is finished). On the event loop: a write into the kernel's page cache takes a few
 * microseconds, less than handing it to the thread pool and back (measured: 2–3 µs of CPU
 * against 9–15 µs); the flush to the disk of --fsync runs off the loop.
 */
function writeAll (fd: number, bytes: Buffer): void {
  let done = 0
  while (done < bytes.length) done += writeSync(fd, bytes, done)
}

export interface FileLogOptions {
  /** The tenant's log file, and the lowdb JSON file an older version kept (read once, then removed). */
  path: string
  legacyPath: string
  tenant: string
  fsync: boolean
  logger: StoreLogger
  files: OpenFiles
}

/** Reads an older version's whole-tenant JSON file: `{records: {collection: {id: record|null}}, counters}`. */
async function readLegacy (path: string): Promise<{ changes: Change[], counters: Array<[string, number]> } | undefined> {
  const text = await new TextFile(path).read()
  if (text === null) return undefined
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw new DamagedLog(text === '' ? 'the file is empty' : 'the file is not valid JSON')
  }
  const { records, counters } = (data ?? {}) as { records?: unknown, counters?: unknown }
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
  if (!isObject(data) || !isObject(records) || !isObject(counters) || !Object.values(records).every(isObject) ||
    !Object.values(counters).every(Number.isSafeInteger)) {
    throw new DamagedLog('the file is not a tenant file of an older version ({"records":{…},"counters":{…}})')
  }
  const changes: Change[] = []
  for (const [collection, byId] of Object.entries(records as Record<string, Record<string, unknown>>)) {
    for (const [id, record] of Object.entries(byId)) changes.push(record === null ? [collection, id] : [collection, id, record])
  }
  return { changes, counters: Object.entries(counters) as Array<[string, number]> }
}

/** The live state as compacted log lines, made a few at a time so no turn of the event loop runs long. */
async function encodeState (records: Array<[string, Array<[string, unknown]>]>, counters: Map<string, number>): Promise<string> {
  const lines: string[] = []
  let chunk: Change[] = []
  for (const [collection, entries] of records) {
    for (const [id, record] of entries) {
      chunk.push(record === null ? [collection, id] : [collection, id, record])
      if (chunk.length === CHANGES_PER_LINE) {
        lines.push(encodeBatch(chunk, new Map()))
        chunk = []
        await yieldToLoop()
      }
    }
  }
  if (chunk.length > 0 || counters.size > 0) lines.push(encodeBatch(chunk, counters))
  return lines.join('')
}

/**
 * One tenant's append-only log file. A commit appends one line (its cost does not grow with the
 * tenant); once the file has doubled since it was last compacted, it is rewritten from the live
 * state in the background, atomically (lowdb's writer: a temporary file renamed into place).
 */
export class FileLog implements TenantLog {
  readonly #o: FileLogOptions
  /** Bytes of whole lines on disk; 0 while the tenant has no file. */
  #size = 0
  #compactedSize = 0
  /** A failed append may have left part of a line behind: cut it off before the next one. */
  #dirty = false
  #generation = 0
  #compacting = false

  constructor (options: FileLogOptions) {
    this.#o = options
  }

  #unreadable (reason: string): TenantUnreadable {
    const file = basename(this.#o.path)
    this.#o.logger.error({ tenant: this.#o.tenant, file: this.#o.path, reason }, 'tenant data unreadable; reset the tenant to repair it')
    return new TenantUnreadable(`tenant data unreadable (${file}: ${reason}); reset it (POST /__sandbox/reset)`)
  }

  async load (state: OverlayState): Promise<void> {
    let bytes: Buffer
    try {
      bytes = await readFile(this.#o.path)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'ENOENT') return this.#loadLegacy(state)
      if (code === 'EISDIR') throw this.#unreadable('a folder is in its place')
      throw new StoreUnavailable(`tenant data cannot be read just now (${code ?? 'error'})`)
    }
    try {
      const { lines, kept, torn } = splitLog(bytes)
      for (let i = 0; i < lines.length; i++) {
        const { changes, counters } = decodeBatch(lines[i]!, i + 2)
        state.apply(changes, counters)
        if (i % LINES_PER_TURN === LINES_PER_TURN - 1) await yieldToLoop()
      }
      if (torn) {
        // A crash cut the last write short; it was never acknowledged.
        await truncate(this.#o.path, kept)
        this.#o.logger.warn({ tenant: this.#o.tenant, file: this.#o.path, bytes: bytes.length - kept }, 'dropped the unfinished last write of a tenant log')
      }
      this.#size = this.#compactedSize = kept
    } catch (err) {
      state.clear()
      if (err instanceof DamagedLog) throw this.#unreadable(err.message)
      throw err
    }
  }

  async #loadLegacy (state: OverlayState): Promise<void> {
    let legacy
    try {
      legacy = await readLegacy(this.#o.legacyPath)
    } catch (err) {
      const reason = err instanceof DamagedLog ? err.message : (err as NodeJS.ErrnoException).code === 'EISDIR' ? 'a folder is in its place' : 'the file is not valid JSON'
      throw this.#unreadable(`${basename(this.#o.legacyPath)}: ${reason}`)
    }
    if (legacy === undefined) return
    state.apply(legacy.changes, legacy.counters)
    // Rewritten in today's layout at once, so the old file is read only this once.
    const text = LOG_HEADER + await encodeState([...state.records].map(([c, byId]) => [c, [...byId]]), state.counters)
    await replaceFile(this.#o.path, text, this.#o.fsync)
    await rm(this.#o.legacyPath, { force: true })
    this.#size = this.#compactedSize = Buffer.byteLength(text)
  }

  async append (changes: readonly Change[], counters: ReadonlyMap<string, number>): Promise<void> {
    const line = Buffer.from(encodeBatch(changes, counters))
    try {
      if (this.#size === 0) {
        // The header comes into being whole (a renamed temporary file), so a file never lacks it.
        this.#o.files.close(this)
        await replaceFile(this.#o.path, LOG_HEADER, this.#o.fsync)
        this.#size = this.#compactedSize = HEADER_BYTES
        this.#dirty = false
      }
      // One write of the kernel (into the page cache: a crash of the process loses nothing written).
      await this.#o.files.use(this, this.#o.path, async (fd) => {
        if (this.#dirty) ftruncateSync(fd, this.#size)
        this.#dirty = false
        writeAll(fd, line)
        if (this.#o.fsync) await dataSync(fd)
      })
      this.#size += line.length
    } catch (err) {
      this.#dirty = true
      this.#o.files.close(this)
      const code = (err as NodeJS.ErrnoException).code ?? 'error'
      this.#o.logger.error({ tenant: this.#o.tenant, file: this.#o.path, code }, 'a write of tenant data failed; nothing of it was kept')
      // Permissions do not change by themselves: saying "try again" would mislead.
      const lasting = code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
      throw new StoreUnavailable(`the change could not be stored (${code}); nothing was kept, ${lasting ? "the sandbox may not write this tenant's file: the data folder's owner must fix its permissions" : 'try again'}`, { cause: err })
    }
  }

  async clear (): Promise<void> {
    this.#generation++
    this.#o.files.close(this)
    try {
      await rm(this.#o.path, { recursive: true, force: true })
      await rm(this.#o.legacyPath, { recursive: true, force: true })
    } catch (err) {
      throw new StoreUnavailable(`tenant data could not be removed (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { cause: err })
    }
    this.#size = this.#compactedSize = 0
    this.#dirty = false
  }

  committed (state: OverlayState, exclusive: Exclusive): void {
    if (this.#compacting || this.#size < Math.max(MIN_COMPACT_BYTES, 2 * this.#compactedSize)) return
    this.#compacting = true
    const generation = this.#generation
    const offset = this.#size
    // Copied now, between two commits: the live state at `offset`. Records are never changed in place.
    const records = [...state.records].map(([c, byId]): [string, Array<[string, unknown]>] => [c, [...byId]])
    const counters = new Map(state.counters)
    const rewrite = async (): Promise<void> => {
      const body = await encodeState(records, counters)
      await exclusive(async () => {
        if (generation !== this.#generation || this.#size === 0) return
        // What was committed while the state was being encoded follows it unchanged.
        const tail = this.#size > offset ? await this.#read(offset, this.#size) : ''
        const text = LOG_HEADER + body + tail
        await replaceFile(this.#o.path, text, this.#o.fsync)
        // The open descriptor is the replaced file's: the next write opens the new one.
        this.#o.files.close(this)
        this.#size = this.#compactedSize = Buffer.byteLength(text)
        this.#dirty = false
      })
    }
    rewrite().catch((err: unknown) => {
      // Not again before the log has doubled once more.
      this.#compactedSize = this.#size
      this.#o.logger.warn({ tenant: this.#o.tenant, file: this.#o.path, err }, 'compacting a tenant log failed; it keeps growing until the next try')
    }).finally(() => { this.#compacting = false })
  }

  async #read (from: number, to: number): Promise<string> {
    const handle = await open(this.#o.path, 'r')
    try {
      const buffer = Buffer.alloc(to - from)
      await handle.read(buffer, 0, buffer.length, from)
      return buffer.toString('utf8')
    } finally {
      await handle.close()
    }
  }
}
