import { MAX_DELAY_MS } from './prefer.js'

/** A delay in ms, fixed (min = max) or drawn from a range. */
export interface LatencyRange { min: number, max: number }

export interface LatencyConfig {
  global?: LatencyRange
  /** By operationId, or `<api>:<operationId>`. */
  operations: Record<string, LatencyRange>
}

/** "100" or "50-200" → a range; throws with a one-line reason. */
export function parseLatency (text: string, what: string): LatencyRange {
  const match = /^(\d{1,6})(?:-(\d{1,6}))?$/.exec(text.trim())
  const min = Number(match?.[1])
  const max = match?.[2] === undefined ? min : Number(match[2])
  if (match === null || max < min || max > MAX_DELAY_MS) {
    throw new Error(`${what} must be milliseconds "N" or a range "MIN-MAX" up to ${MAX_DELAY_MS}, not "${text}"`)
  }
  return { min, max }
}

/** "op=100,api:op2=50-200" → per-operation ranges. */
export function parseOperationLatency (text: string): Record<string, LatencyRange> {
  const out: Record<string, LatencyRange> = {}
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const eq = part.indexOf('=')
    if (eq <= 0) throw new Error(`operation latency must be "operationId=MS" or "operationId=MIN-MAX", not "${part}"`)
    out[part.slice(0, eq)] = parseLatency(part.slice(eq + 1), `latency of ${part.slice(0, eq)}`)
  }
  return out
}

/** The delay source of one operation, or undefined when it has none. */
export function latencyFor (config: LatencyConfig, apiId: string, operationId: string): (() => number) | undefined {
  const range = config.operations[`${apiId}:${operationId}`] ?? config.operations[operationId] ?? config.global
  if (range === undefined || range.max === 0) return undefined
  const { min, max } = range
  return min === max ? () => min : () => min + Math.floor(Math.random() * (max - min + 1))
}
