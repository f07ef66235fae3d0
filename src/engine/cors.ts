import cors from '@fastify/cors'
import type { FastifyInstance } from 'fastify'
import type { ApiDef } from '../spec/compile.js'

/** Which browser origins may call the sandbox: any (true), none (false), or these origins. */
export type CorsSetting = boolean | string[]

/** Headers the sandbox sends beyond the specs' own: redirects, 405s, OAuth 401s, forced delays. */
const ALWAYS_EXPOSED = ['Location', 'Allow', 'WWW-Authenticate', 'Retry-After']

/** Every response header any spec documents, plus the sandbox's own: what a browser script may read. */
export function exposedHeaders (apis: ApiDef[]): string[] {
  const names = new Map(ALWAYS_EXPOSED.map((name) => [name.toLowerCase(), name]))
  for (const api of apis) {
    for (const item of Object.values(api.spec.doc.paths ?? {})) {
      for (const operation of Object.values(item ?? {})) {
        const responses = (operation as { responses?: Record<string, { headers?: Record<string, unknown> }> } | undefined)?.responses
        for (const response of Object.values(responses ?? {})) {
          for (const name of Object.keys(response?.headers ?? {})) {
            if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), name)
          }
        }
      }
    }
  }
  return [...names.values()]
}

/**
 * CORS for every route (the APIs, the control routes, the playground) through @fastify/cors:
 * its hook runs before any route's own, so a preflight (OPTIONS) is answered before credentials
 * are checked or a method is refused, and every answer to a browser, an error envelope too,
 * carries the headers. The caller's origin is echoed (never `*`) so requests with credentials work.
 */
export async function installCors (app: FastifyInstance, setting: CorsSetting, apis: ApiDef[]): Promise<void> {
  if (setting === false) return
  const browser = {
    origin: setting === true ? true : setting,
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    // Any request header is allowed: the preflight echoes Access-Control-Request-Headers.
    exposedHeaders: exposedHeaders(apis),
    // An OPTIONS with Origin but no Access-Control-Request-Method is answered the same, not with a plain-text 400.
    strictPreflight: false,
    // Browsers cache a preflight this long (Chrome caps it at 2 hours).
    maxAge: 600,
  }
  // A request without Origin (curl, a test suite, a server) is no browser's: it gets only
  // Vary: Origin, and an OPTIONS without Origin is the API's own 405 as before. (The CORS headers
  // on every such answer cost a read about a tenth of its time.)
  const other = { origin: false }
  await app.register(cors, {
    delegator: (request, callback) => { callback(null, request.headers.origin === undefined ? other : browser) },
  })
}
