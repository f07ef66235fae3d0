import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { DocsApi } from './catalogue.js'
import { landingPage, ORIGIN_MARK } from './landing.js'
import { DOCS_PREFIX, referenceUrl, UI_PREFIX } from './paths.js'
import { playgroundScript } from './playground-script.js'

export interface DocsOptions {
  apis: DocsApi[]
}

// The top bar's logo: the project's name instead of Swagger UI's.
const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40" viewBox="0 0 200 40">' +
  '<text x="0" y="27" fill="#fff" font-family="system-ui, sans-serif" font-size="19" font-weight="600">profile-sandbox</text></svg>'

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
 * GET /docs (landing page); /docs/<api>.yaml and .json (the spec files as they are);
 * /docs/<api>/openapi.json (the document Swagger UI loads, held by @fastify/swagger in static
 * mode, one instance per API); /docs/ui/ (@fastify/swagger-ui, local assets, a selector
 * between the APIs); /docs/<api>/ redirects to the API's reference. Register it with
 * `app.register`: its plugins and hooks stay inside.
 */
export async function docsPlugin (app: FastifyInstance, { apis }: DocsOptions): Promise<void> {
  const parts = landingPage(apis).split(ORIGIN_MARK)
  app.get(DOCS_PREFIX, (request, reply) => {
    const page = parts.length === 1 ? parts[0] : parts.join(originOf(request))
    return reply.type('text/html; charset=utf-8').send(page)
  })

  for (const api of apis) {
    app.get(`${DOCS_PREFIX}/${api.id}.yaml`, (_request, reply) =>
      reply.type('application/yaml; charset=utf-8').header('content-disposition', `inline; filename="${api.file}"`).send(api.yaml))
    app.get(`${DOCS_PREFIX}/${api.id}.json`, (_request, reply) =>
      reply.type('application/json; charset=utf-8').header('content-disposition', `inline; filename="${api.id}.json"`).send(api.json))
    app.get(`${DOCS_PREFIX}/${api.id}`, (_request, reply) => reply.redirect(referenceUrl(api)))
    // @fastify/swagger holds one document per instance: one encapsulated instance per API.
    await app.register(async (scope) => {
      await scope.register(swagger, { mode: 'static', specification: { document: api.playground as never } })
      scope.get(`${DOCS_PREFIX}/${api.id}/openapi.json`, () => scope.swagger())
    })
  }

  const first = apis[0]
  if (first === undefined) return
  await app.register(async (scope) => {
    // Swagger UI's assets change only with the package: a prefetched copy is used without asking again.
    scope.addHook('onSend', (request, reply, _payload, done) => {
      if (request.url.startsWith(`${UI_PREFIX}/static/`) && reply.statusCode === 200) reply.header('cache-control', 'public, max-age=600')
      done()
    })
    // Swagger UI's own /docs/ui/json shows the first API; the selector loads each API's document.
    await scope.register(swagger, { mode: 'static', specification: { document: first.playground as never } })
    await scope.register(swaggerUi, {
      routePrefix: UI_PREFIX,
      uiConfig: {
        urls: apis.map((api) => ({ url: `${DOCS_PREFIX}/${api.id}/openapi.json`, name: api.title })),
        'urls.primaryName': first.title,
        deepLinking: true,
        displayRequestDuration: true,
        persistAuthorization: true,
        requestInterceptor,
        plugins: [downloadUrlPlugin, playgroundPlugin],
      } as never,
      logo: { type: 'image/svg+xml', content: Buffer.from(LOGO) },
      theme: {
        title: 'profile-sandbox playground',
        css: [{ filename: 'playground.css', content: THEME_CSS }],
        js: [{ filename: 'playground.js', content: playgroundScript() }],
      },
    })
  })
}
