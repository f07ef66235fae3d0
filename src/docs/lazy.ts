import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { DocsSource } from './catalogue.js'
import { DOCS_PREFIX } from './paths.js'

export interface LazyDocsOptions {
  sources: DocsSource[]
  /** Gives the docs' own Fastify instance the sandbox's error and not-found handling. */
  installErrors: (docs: FastifyInstance) => void
}

/**
 * The docs (/docs and everything under it) are built on their first request: Swagger UI, its
 * assets, @fastify/swagger and the documents cost nothing at start. They run in a Fastify
 * instance of their own, which never listens; the sandbox's /docs routes hand it the request.
 */
export function registerLazyDocs (app: FastifyInstance, { sources, installErrors }: LazyDocsOptions): void {
  let docs: Promise<FastifyInstance> | undefined
  const build = async (): Promise<FastifyInstance> => {
    const [{ default: Fastify, LogController }, { buildCatalogue }, { docsPlugin }] =
      await Promise.all([import('fastify'), import('./catalogue.js'), import('./plugin.js')])
    const instance = Fastify({
      loggerInstance: app.log,
      logController: new LogController({ disableRequestLogging: true }),
      routerOptions: { ignoreTrailingSlash: true },
    })
    installErrors(instance)
    await instance.register(docsPlugin, { apis: buildCatalogue(sources) })
    await instance.ready()
    return instance
  }
  const forward = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (docs === undefined) {
      docs = build()
      // A failed build is tried again by the next request.
      docs.catch(() => { docs = undefined })
    }
    const instance = await docs
    // Headers the sandbox's own hooks set (CORS) go out with the docs' answer.
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) reply.raw.setHeader(name, value)
    reply.hijack()
    instance.routing(request.raw, reply.raw)
  }
  app.get(DOCS_PREFIX, forward)
  app.get(`${DOCS_PREFIX}/*`, forward)
  app.addHook('onClose', async () => { await (await docs?.catch(() => undefined))?.close() })
}
