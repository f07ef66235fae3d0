import type { RouteRow } from '../spec/compile.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** `<api>:<tenant>` of the caller's credential; empty until the credential check ran. */
    tenant: string
  }
  interface FastifyContextConfig {
    /** The operation this route serves (absent on the sandbox's own routes). */
    row?: RouteRow
  }
}
