import { randomUUID } from 'node:crypto'

/** Where the sandbox's per-response UUIDs (e.g. IMIconnect's transid) come from. */
export type UuidSource = () => string

/** A 32-bit PRNG (mulberry32): small, fast and the same on every machine; answers whole 32-bit numbers. */
function mulberry32 (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
}

/** Two hex digits per byte value (number-to-hex conversion is slow on the request path). */
const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/**
 * Random v4 UUIDs; with a seed, the same sequence in every process, so two sandboxes started
 * with one --seed answer identical requests with identical bytes.
 */
export function uuidSource (seed?: number): UuidSource {
  if (seed === undefined) return randomUUID
  const next = mulberry32(seed ^ 0x5eed)
  const word = (): string => {
    const n = next()
    return BYTE_HEX[n >>> 24]! + BYTE_HEX[(n >>> 16) & 0xff]! + BYTE_HEX[(n >>> 8) & 0xff]! + BYTE_HEX[n & 0xff]!
  }
  return () => {
    const a = word()
    const b = word()
    const c = word()
    const d = word()
    // Version 4; variant 10xx (8, 9, a or b) from the third word's first digit.
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${'89ab'[Number.parseInt(c[0]!, 16) & 3]}${c.slice(1, 4)}-${c.slice(4, 8)}${d}`
  }
}
