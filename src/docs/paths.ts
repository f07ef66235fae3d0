import type { DocsApi } from './catalogue.js'

/** Every docs route is under this prefix; the API routes never see the docs' plugins or hooks. */
export const DOCS_PREFIX = '/docs'

/** Swagger UI: one page for every API, so its assets are fetched once (and prefetched by the landing page). */
export const UI_PREFIX = `${DOCS_PREFIX}/ui`

/** The reference page of one API: Swagger UI with that API picked in its selector. */
export const referenceUrl = (api: Pick<DocsApi, 'title'>): string => `${UI_PREFIX}/?urls.primaryName=${encodeURIComponent(api.title)}`

/** Swagger UI's assets, prefetched by the landing page. */
export const UI_ASSETS = ['swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'swagger-initializer.js', 'theme/playground.js', 'swagger-ui.css', 'index.css', 'theme/playground.css']
  .map((file) => `${UI_PREFIX}/static/${file}`)
