// A small seeded random source (mulberry32): a failing run is replayed from its printed seed.

export interface Random {
  readonly seed: number
  /** A float in [0, 1). */
  next: () => number
  int: (below: number) => number
  pick: <T>(items: readonly T[]) => T
  chance: (p: number) => boolean
}

export function random (seed: number): Random {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (below: number): number => Math.floor(next() * below)
  return { seed, next, int, pick: (items) => items[int(items.length)]!, chance: (p) => next() < p }
}

/** The seed of this run: RELIABILITY_SEED to replay one, else a fresh one. */
export function runSeed (): number {
  const given = process.env.RELIABILITY_SEED
  if (given !== undefined && given !== '') {
    if (!/^\d{1,10}$/.test(given)) throw new Error(`RELIABILITY_SEED must be a whole number, not "${given}"`)
    return Number(given) >>> 0
  }
  return Math.floor(Math.random() * 0xffffffff) >>> 0
}
