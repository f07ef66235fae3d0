import type { Identity } from '../auth/schemes.js'
import type { RouteRow } from '../spec/compile.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** `<api>:<tenant>` of the caller's credential; empty until the credential check ran. */
    tenant: string
    /** The caller as its credential says; null on operations without security. */
    identity: Identity | null
    /** The operation the request was routed to; null before routing and on the sandbox's own routes. */
    row: RouteRow | null
    /** The id of the runtime plan that answered (or delayed) the request; null when none did. */
    plan: string | null
    /** Set by @fastify/cors on a CORS preflight it answered (absent with CORS off). */
    corsPreflightEnabled?: boolean
  }
}
