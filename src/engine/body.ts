import type { FastifyInstance, FastifyRequest, preValidationHookHandler } from 'fastify'
import type { RouteRow } from '../spec/compile.js'
import { Problem } from './problems.js'

const FORM = 'application/x-www-form-urlencoded'
const JSON_SUFFIX = /^application\/[\w.-]+\+json$/

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
 * Fastify refuses valid JSON with a `__proto__` or `constructor.prototype` key (secure-json-parse)
 * in the words of invalid JSON: a refused body that parses plainly names the key by its JSON
 * pointer. Only refused bodies pay for the second parse; undefined when the JSON is invalid.
 */
function poisonProblem (text: string): Problem | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return undefined
  }
  let found = ''
  let key = '__proto__'
  const next: Array<[unknown, string]> = [[parsed, '']]
  // Breadth first without recursion: any depth is safe.
  for (let i = 0; i < next.length; i++) {
    const [node, pointer] = next[i]!
    if (node === null || typeof node !== 'object') continue
    if (Object.hasOwn(node, '__proto__')) {
      found = `${pointer}/__proto__`
      break
    }
    const ctor = (node as Record<string, unknown>).constructor
    if (Object.hasOwn(node, 'constructor') && ctor !== null && typeof ctor === 'object' && Object.hasOwn(ctor, 'prototype')) {
      found = `${pointer}/constructor/prototype`
      key = 'constructor.prototype'
      break
    }
    for (const k of Object.keys(node)) next.push([(node as Record<string, unknown>)[k], `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`])
  }
  if (found === '') return undefined
  return new Problem('invalid-body', `body field '${found}' is refused: a '${key}' key could change the prototype of objects`,
    { field: { in: 'body', name: found }, reason: 'forbidden-key' })
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
    parseJson(request, body, (err, value) => done(err === null ? null : poisonProblem(body) ?? err, value))
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
    if (JSON_SUFFIX.test(type)) {
      // JSON under another name (RFC 6839), documented by the operation: parsed as JSON.
      const text = body.toString('utf8')
      parseJson(request, text, (err, value) => done(err === null ? null : poisonProblem(text) ?? err, value))
      return
    }
    done(null, type === FORM ? Object.fromEntries(new URLSearchParams(body.toString('utf8'))) : body)
  })
}

/**
 * For operations that take a body but not JSON: a JSON body is refused (Fastify would parse it).
 * For operations whose body is required but not validated by one schema (several media types):
 * no body at all is refused, naming the media types to send.
 */
export function jsonRefusal (row: RouteRow): preValidationHookHandler | undefined {
  const takesJson = documents(row, 'application/json')
  const required = row.operation?.requestBody?.required === true && (row.schema.body === undefined || 'content' in row.schema.body)
  if (row.bodyMediaTypes.length === 0 || (takesJson && !required)) return undefined
  return (request, _reply, done) => {
    if (required && (request.body === undefined || request.body === null)) {
      done(new Problem('invalid-body', `body is required; send ${row.bodyMediaTypes.join(' or ')}`, { field: { in: 'body', name: '/' }, reason: 'required' }))
      return
    }
    const type = mediaType(request)
    done(!takesJson && type === 'application/json' ? unsupported(row, type) : undefined)
  }
}
