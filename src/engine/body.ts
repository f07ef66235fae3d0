import type { FastifyInstance } from 'fastify'
import { Problem } from './problems.js'

/**
 * Request bodies, whatever the method: a GET that carries a JSON body has it parsed too
 * (so a malformed one is the API's "invalid JSON"), and a body in a media type the
 * operation does not document is refused in the API's envelope, or ignored when the
 * operation takes no body at all.
 */
export function installBodyHandling (app: FastifyInstance): void {
  app.addHttpMethod('GET', { hasBody: true, overrideExisting: true })
  app.addContentTypeParser('*', (request, payload, done) => {
    const row = request.routeOptions.config.row
    const type = request.headers['content-type'] ?? ''
    if (row === undefined || row.bodyMediaTypes.length === 0) {
      payload.resume()
      done(null, undefined)
      return
    }
    done(new Problem('unsupported-media-type',
      `Content-Type ${type === '' ? '(none)' : `'${type}'`} is not accepted; send ${row.bodyMediaTypes.join(' or ')}`,
      { field: { in: 'header', name: 'Content-Type' } }), undefined)
  })
}
