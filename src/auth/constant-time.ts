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
