import type pg from 'pg'
import { unavailable } from './connection.js'
import type { Position } from './pg-tenant.js'
import { PROBE } from './tenant-sql.js'

interface Waiter { resolve: (position: Position) => void, reject: (err: unknown) => void }

const NEVER_WRITTEN: Position = { epoch: 0, version: 0 }

/**
 * Where tenants stand, asked before each read. Every answer comes from a query sent after the
 * question was asked (so a read sees every write acknowledged before it arrived); questions
 * that arrive while `parallel` queries are out wait and share the next one.
 */
export class VersionProbe {
  readonly #pool: pg.Pool
  readonly #parallel: number
  #pending = new Map<string, Waiter[]>()
  #inFlight = 0

  constructor (pool: pg.Pool, parallel: number) {
    this.#pool = pool
    this.#parallel = Math.max(1, parallel)
  }

  position (key: string): Promise<Position> {
    return new Promise<Position>((resolve, reject) => {
      const waiters = this.#pending.get(key)
      if (waiters === undefined) this.#pending.set(key, [{ resolve, reject }])
      else waiters.push({ resolve, reject })
      if (this.#inFlight < this.#parallel) this.#send()
    })
  }

  #send (): void {
    if (this.#pending.size === 0) return
    const asked = this.#pending
    this.#pending = new Map()
    this.#inFlight++
    // Named: prepared once per connection, the statement on every read is not parsed again.
    this.#pool.query<{ key: string, epoch: string, version: string }>({ name: 'sandbox-probe', text: PROBE, values: [[...asked.keys()]] }).then(({ rows }) => {
      const found = new Map(rows.map((r) => [r.key, { epoch: Number(r.epoch), version: Number(r.version) }]))
      for (const [key, waiters] of asked) for (const w of waiters) w.resolve(found.get(key) ?? NEVER_WRITTEN)
    }, (err: unknown) => {
      const failure = unavailable(err)
      for (const waiters of asked.values()) for (const w of waiters) w.reject(failure)
    }).finally(() => {
      this.#inFlight--
      this.#send()
    })
  }
}
