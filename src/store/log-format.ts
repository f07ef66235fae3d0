import type { Change } from './overlay-state.js'

// A tenant's log file: a header line, then one JSON line per committed transaction batch,
// `{"o":[[collection,id,record],[collection,id],…],"n":{"counter":value,…}}` (a change with no
// record is a deletion; counters hold their new value). Appending a line is the whole cost of a
// write, however large the tenant; a compaction rewrites the file as the live state.

export const LOG_HEADER = '{"profile-sandbox":"tenant-log","version":1}\n'
const HEADER_BYTES = Buffer.from(LOG_HEADER)

/** One batch as its line, newline included. */
export function encodeBatch (changes: readonly Change[], counters: ReadonlyMap<string, number>): string {
  if (counters.size === 0) return `{"o":${JSON.stringify(changes)}}\n`
  return `{"o":${JSON.stringify(changes)},"n":${JSON.stringify(Object.fromEntries(counters))}}\n`
}

/** A line that is not a batch: the file is damaged. */
export class DamagedLog extends Error {
  override name = 'DamagedLog'
}

function isChange (value: unknown): value is Change {
  return Array.isArray(value) && (value.length === 2 || value.length === 3) &&
    typeof value[0] === 'string' && typeof value[1] === 'string' &&
    (value.length === 2 || (value[2] !== null && value[2] !== undefined))
}

/** Parses one line (without its newline); throws DamagedLog naming the line when it is not a batch. */
export function decodeBatch (line: string, number: number): { changes: Change[], counters: Array<[string, number]> } {
  let parsed: unknown
  try {
    parsed = JSON.parse(line)
  } catch {
    throw new DamagedLog(`line ${number} is not JSON`)
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new DamagedLog(`line ${number} is not a batch of changes`)
  const { o: changes, n: counters = {} } = parsed as { o?: unknown, n?: unknown }
  if (!Array.isArray(changes) || !changes.every(isChange)) throw new DamagedLog(`line ${number} holds no valid list of changes`)
  if (counters === null || typeof counters !== 'object' || Array.isArray(counters)) throw new DamagedLog(`line ${number} holds invalid counters`)
  const pairs = Object.entries(counters)
  if (!pairs.every(([, v]) => Number.isSafeInteger(v))) throw new DamagedLog(`line ${number} holds a counter that is not a whole number`)
  return { changes, counters: pairs as Array<[string, number]> }
}

/**
 * Splits a log's bytes into its batch lines. The header must be whole; a last line without its
 * newline is a write that a crash cut short (never acknowledged): it is left out, and `kept`
 * says how many bytes of the file hold whole lines.
 */
export function splitLog (bytes: Buffer): { lines: string[], kept: number, torn: boolean } {
  if (bytes.length < HEADER_BYTES.length || !bytes.subarray(0, HEADER_BYTES.length).equals(HEADER_BYTES)) {
    throw new DamagedLog(bytes.length === 0 ? 'the file is empty' : 'the file does not start with the tenant-log header')
  }
  const kept = bytes.lastIndexOf(10) + 1
  const body = bytes.toString('utf8', HEADER_BYTES.length, kept)
  const lines = body === '' ? [] : body.slice(0, -1).split('\n')
  return { lines, kept, torn: kept < bytes.length }
}
