import type { FastifyInstance } from 'fastify'
import { ClientRegistry } from '../auth/clients.js'
import type { CredentialFile } from '../auth/credentials.js'
import { metadataOn, metadataTemplate, type MetadataTemplate } from '../auth/metadata.js'
import { requestOrigin } from '../auth/redirect-uris.js'
import { Problem } from '../engine/problems.js'
import type { ApiDef } from '../spec/compile.js'

/** RFC 8414 §3: the well-known URI of an issuer whose identifier has a path is this, then the path. */
export const METADATA_PATH = '/.well-known/oauth-authorization-server'

/**
 * GET /.well-known/oauth-authorization-server/<api>: each OAuth API's authorization server
 * metadata (RFC 8414); its issuer is `<origin>/<api>` on the origin the request came to. The
 * bare path names them, in the sandbox's envelope: one sandbox serves several issuers.
 */
export function registerDiscovery (app: FastifyInstance, sources: ReadonlyArray<{ api: ApiDef, credentials: CredentialFile }>): void {
  const templates: MetadataTemplate[] = []
  for (const { api, credentials } of sources) {
    const template = metadataTemplate(api, new ClientRegistry(credentials).all())
    if (template !== undefined) templates.push(template)
  }
  if (templates.length === 0) return
  for (const template of templates) {
    app.get(`${METADATA_PATH}/${template.apiId}`, (request, reply) => {
      // Clients may cache it; it changes only with the specs and credentials of a restart.
      reply.header('cache-control', 'public, max-age=300')
      return metadataOn(template, requestOrigin(request))
    })
  }
  const list = templates.map((t) => `${METADATA_PATH}/${t.apiId}`).join(', ')
  app.get(METADATA_PATH, () => {
    throw new Problem('not-found', `each OAuth API of this sandbox is its own issuer; their metadata: ${list}`)
  })
}
