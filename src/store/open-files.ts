import { closeSync, openSync } from 'node:fs'

interface Entry { fd: number, busy: number }

/**
 * The tenant log files held open for appending, at most `max` once their writes are done: the least recently used
 * is closed first (and opened again at its next write). Keeping them open makes a commit one
 * write of the kernel instead of an open, a write and a close. A file is never closed while a
 * write on it is in flight (its descriptor number could otherwise be given to another file).
 */
export class OpenFiles {
  readonly #max: number
  readonly #flags: number
  /** By owner, in order of last use. */
  readonly #open = new Map<object, Entry>()

  constructor (max: number, flags: number) {
    this.#max = max
    this.#flags = flags
  }

  /** Runs `work` with the descriptor of `owner`'s file, opened now if it is not open. */
  async use<T> (owner: object, path: string, work: (fd: number) => Promise<T>): Promise<T> {
    let entry = this.#open.get(owner)
    if (entry === undefined) {
      entry = { fd: openSync(path, this.#flags), busy: 0 }
      this.#evict(this.#max - 1)
    } else {
      this.#open.delete(owner)
    }
    this.#open.set(owner, entry)
    entry.busy++
    try {
      return await work(entry.fd)
    } finally {
      entry.busy--
      // Files kept open past the bound while their writes were in flight are closed now.
      if (this.#open.size > this.#max) this.#evict(this.#max)
    }
  }

  /** Closes idle files, least recently used first, until at most `keep` are open. */
  #evict (keep: number): void {
    for (const [owner, entry] of this.#open) {
      if (this.#open.size <= keep) return
      if (entry.busy > 0) continue
      this.#open.delete(owner)
      closeSync(entry.fd)
    }
  }

  /** Closes `owner`'s file (it was removed or replaced: the next write opens the new one). Only between its writes. */
  close (owner: object): void {
    const entry = this.#open.get(owner)
    if (entry === undefined) return
    this.#open.delete(owner)
    try {
      closeSync(entry.fd)
    } catch { /* already gone */ }
  }

  closeAll (): void {
    for (const owner of [...this.#open.keys()]) this.close(owner)
  }

  get size (): number {
    return this.#open.size
  }
}
