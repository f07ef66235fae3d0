import type { IncomingHttpHeaders } from 'node:http'
import type { Problem, ProblemKind } from '../engine/problems.js'
import type { UuidSource } from '../engine/uuid.js'

/** How one API answers one problem kind: the HTTP status, and the API's own code and title. */
export interface DialectEntry {
  status: number
  code?: string
  title: string
}

/** A dialect turns the engine's problems into one API's documented error envelope. */
export interface Dialect {
  name: string
  /** The media type of its error bodies (default application/json; problem+json for RFC 9457). */
  contentType?: string
  table: Readonly<Record<ProblemKind, DialectEntry>>
  /** Reason phrases of the statuses HTTP does not name (Node would send "unknown"), e.g. 440. */
  reasons?: Readonly<Record<number, string>>
  /** `uuid` gives the per-response UUIDs an envelope may carry (seeded with --seed). */
  envelope: (problem: Problem, entry: DialectEntry, headers: IncomingHttpHeaders, uuid: UuidSource) => unknown
  /** Response headers the API sends with a problem (e.g. OAuth's `WWW-Authenticate` on a 401). */
  headers?: (problem: Problem, entry: DialectEntry) => Record<string, string>
}

export interface RenderedProblem {
  status: number
  body: unknown
  headers: Record<string, string>
}
