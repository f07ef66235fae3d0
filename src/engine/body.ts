import type { FastifyInstance, FastifyRequest, preValidationHookHandler } from 'fastify'
import type { RouteRow } from '../spec/compile.js'
import { Problem } from './problems.js'

const FORM = 'application/x-www-form-urlencoded'

/** The media type of a Content-Type value, without parameters, in lower case ('' when none). */
export function mediaTypeOf (contentType: unknown): string {
  return String(contentType ?? '').split(';')[0]!.trim().toLowerCase()
}

function mediaType (request: FastifyRequest): string {
  return mediaTypeOf(request.headers['content-type'])
}

/** Whether an operation documents a media type: exactly, or through a `type/*` range. */
function documents (row: RouteRow, type: string): boolean {
  return row.bodyMediaTypes.some((documented) =>
    documented === type || (documented.endsWith('/*') && type.startsWith(documented.slice(0, -1))))
}

function unsupported (row: RouteRow, type: string): Problem {
  return new Problem('unsupported-media-type',
    `Content-Type ${type === '' ? '(none)' : `'${type}'`} is not accepted; send ${row.bodyMediaTypes.join(' or ')}`,
    { field: { in: 'header', name: 'Content-Type' } })
}

/**
 * Request bodies, whatever the method: a GET that carries a JSON body has it parsed too
 * (so a malformed one is the API's "invalid JSON"). Other media types are parsed when the
 * operation documents them (a form into an object, anything else as raw bytes), ignored when
 * the operation takes no body at all, and refused in the API's envelope otherwise.
 */
export function installBodyHandling (app: FastifyInstance): void {
  app.addHttpMethod('GET', { hasBody: true, overrideExisting: true })
  // Many clients send `Content-Type: application/json` on every request: an empty body is no
  // body where the operation takes none; everywhere else Fastify's own JSON parser decides.
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body: string, done) => {
    if (body === '' && (request.row?.bodyMediaTypes.length ?? 0) === 0) {
      done(null, undefined)
      return
    }
    parseJson(request, body, done)
  })
  // text/plain is only accepted where an operation documents it, like any other non-JSON type.
  app.removeContentTypeParser('text/plain')
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    const row = request.row
    if (row === null || row.bodyMediaTypes.length === 0) {
      done(null, undefined)
      return
    }
    const type = mediaType(request)
    if (!documents(row, type)) {
      done(unsupported(row, type), undefined)
      return
    }
    done(null, type === FORM ? Object.fromEntries(new URLSearchParams(body.toString('utf8'))) : body)
  })
}

/** For operations that take a body but not JSON: a JSON body is refused (Fastify would parse it). */
export function jsonRefusal (row: RouteRow): preValidationHookHandler | undefined {
  if (row.bodyMediaTypes.length === 0 || documents(row, 'application/json')) return undefined
  return (request, _reply, done) => {
    const type = mediaType(request)
    done(type === 'application/json' ? unsupported(row, type) : undefined)
  }
}
