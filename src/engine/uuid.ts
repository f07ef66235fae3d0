import { randomUUID } from 'node:crypto'

/** Where the sandbox's per-response UUIDs (e.g. IMIconnect's transid) come from. */
export type UuidSource = () => string

/** A 32-bit PRNG (mulberry32): small, fast and the same on every machine. */
export function prng (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Random v4 UUIDs; with a seed, the same sequence in every process, so two sandboxes started
 * with one --seed answer identical requests with identical bytes.
 */
export function uuidSource (seed?: number): UuidSource {
  if (seed === undefined) return randomUUID
  const next = prng(seed ^ 0x5eed)
  const hex = (n: number): string => {
    let digits = ''
    for (let i = 0; i < n; i++) digits += Math.floor(next() * 16).toString(16)
    return digits
  }
  return () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(next() * 4)]}${hex(3)}-${hex(12)}`
}
