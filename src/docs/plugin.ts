import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { DocsApi } from './catalogue.js'
import { landingPage, ORIGIN_MARK } from './landing.js'
import { playgroundScript } from './playground-script.js'
import type { Placeholders } from './prefill.js'

/** Every docs route is under this prefix; the API routes never see the docs' plugins or hooks. */
export const DOCS_PREFIX = '/docs'

export interface DocsOptions {
  apis: DocsApi[]
  placeholders: Placeholders
}

const THEME_CSS = `.swagger-ui .topbar { background: #1b1f24; }
.swagger-ui .topbar .sandbox-home { color: #fff; margin-right: 1.5rem; font: 600 14px system-ui, sans-serif; white-space: nowrap; }`

// Functions for Swagger UI's configuration are sent as source text; these reach the playground script.
const downloadUrlPlugin = new Function('system', 'return SwaggerUIBundle.plugins.DownloadUrl(system)')
const playgroundPlugin = new Function('system', 'return window.sandboxPlayground.plugin(system)')
const requestInterceptor = new Function('request', 'return window.sandboxPlayground.intercept(request)')

function originOf (request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`.replace(/[<>"&\s]/g, '')
}

/**
 * GET /docs (landing page), /docs/<api>.yaml and .json (the spec files as they are), and per
 * API an interactive reference at /docs/<api>/: @fastify/swagger in static mode holds the
 * API's own document, @fastify/swagger-ui serves Swagger UI (local assets) with a selector
 * between the APIs. Register it with `app.register`: everything stays encapsulated.
 */
export async function docsPlugin (app: FastifyInstance, { apis, placeholders }: DocsOptions): Promise<void> {
  const parts = landingPage(apis).split(ORIGIN_MARK)
  app.get(DOCS_PREFIX, (request, reply) => {
    const page = parts.length === 1 ? parts[0] : parts.join(originOf(request))
    return reply.type('text/html; charset=utf-8').send(page)
  })

  const script = playgroundScript(placeholders)
  const urls = apis.map((api) => ({ url: `${DOCS_PREFIX}/${api.id}/json`, name: api.title }))
  for (const api of apis) {
    app.get(`${DOCS_PREFIX}/${api.id}.yaml`, (_request, reply) =>
      reply.type('application/yaml; charset=utf-8').header('content-disposition', `inline; filename="${api.id}.yaml"`).send(api.yaml))
    app.get(`${DOCS_PREFIX}/${api.id}.json`, (_request, reply) =>
      reply.type('application/json; charset=utf-8').header('content-disposition', `inline; filename="${api.id}.json"`).send(api.json))

    // One encapsulated context per API: @fastify/swagger holds a single document per instance.
    await app.register(async (scope) => {
      await scope.register(swagger, { mode: 'static', specification: { document: api.playground as never } })
      await scope.register(swaggerUi, {
        routePrefix: `${DOCS_PREFIX}/${api.id}`,
        uiConfig: {
          urls,
          'urls.primaryName': api.title,
          deepLinking: true,
          displayRequestDuration: true,
          persistAuthorization: true,
          requestInterceptor,
          plugins: [downloadUrlPlugin, playgroundPlugin],
        } as never,
        theme: {
          title: `${api.title}: profile-sandbox playground`,
          css: [{ filename: 'playground.css', content: THEME_CSS }],
          js: [{ filename: 'playground.js', content: script }],
        },
      })
    })
  }
}
