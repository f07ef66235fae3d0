import { hash, timingSafeEqual } from 'node:crypto'

/** SHA-256 of a secret (the one-shot form: no Hash object per request). */
export function digest (value: string): Buffer {
  return hash('sha256', value, 'buffer')
}

/** Compares a presented secret with a stored digest in time that does not depend on where they differ. */
export function matchesDigest (presented: string, stored: Buffer): boolean {
  return timingSafeEqual(digest(presented), stored)
}

export function hexDigest (value: string): string {
  return hash('sha256', value, 'hex')
}

/**
 * Remembers, per connection, what a credential check derived from the last credential it was
 * shown there (a digest, a verdict): clients send the same credential on every request of a
 * keep-alive connection, so the costly part runs once per connection and credential. The
 * presented value is only ever compared with the one this same connection presented before,
 * which tells a caller nothing it did not send itself.
 */
export function perConnection<T> (derive: (presented: string) => T): (socket: object | null | undefined, presented: string) => T {
  const slot = Symbol('last credential')
  return (socket, presented) => {
    if (socket === null || socket === undefined) return derive(presented)
    const memo = socket as Record<symbol, { presented: string, derived: T } | undefined>
    const last = memo[slot]
    if (last !== undefined && last.presented === presented) return last.derived
    const derived = derive(presented)
    memo[slot] = { presented, derived }
    return derived
  }
}
