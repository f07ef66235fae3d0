import { createHash, timingSafeEqual } from 'node:crypto'

export function digest (value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest()
}

/** Compares a presented secret with a stored digest in time that does not depend on where they differ. */
export function matchesDigest (presented: string, stored: Buffer): boolean {
  return timingSafeEqual(digest(presented), stored)
}
