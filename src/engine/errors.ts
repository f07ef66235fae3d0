import { STATUS_CODES, maxHeaderSize } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { sandboxDialect } from '../dialects/index.js'
import { renderProblem } from '../dialects/render.js'
import { setReasonPhrase } from './reason-phrase.js'
import type { Dialect } from '../dialects/types.js'
import type { ApiDef, RouteRow } from '../spec/compile.js'
import { StoreUnavailable } from '../store/contract.js'
import { Problem, isProblem } from './problems.js'
import type { UuidSource } from './uuid.js'
import { validationProblem } from './validation.js'

/** Fastify's own error codes → problem kinds. */
const FRAMEWORK: Record<string, (err: FastifyError) => Problem> = {
  FST_ERR_CTP_INVALID_JSON_BODY: () => new Problem('malformed-json', 'body is not valid JSON', { field: { in: 'body', name: '/' } }),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new Problem('malformed-json', 'body is empty but Content-Type is application/json', { field: { in: 'body', name: '/' } }),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => new Problem('malformed-json', 'body length does not match the Content-Length header', { field: { in: 'header', name: 'Content-Length' } }),
  FST_ERR_CTP_BODY_TOO_LARGE: () => new Problem('body-too-large', 'body is larger than the sandbox accepts', { field: { in: 'body', name: '/' } }),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => new Problem('unsupported-media-type', 'Content-Type header is not a valid media type', { field: { in: 'header', name: 'Content-Type' } }),
  // The whole path, not one parameter: no field to name.
  FST_ERR_BAD_URL: () => new Problem('invalid-parameter', 'the request path is not a valid URL'),
}

/** Any error raised while serving a request, as a problem. Unknown errors are internal errors. */
export function toProblem (err: FastifyError, request: FastifyRequest): Problem {
  if (isProblem(err)) return err
  // The store could not read or keep the tenant's data: the call may be retried (its reason is logged where it arose).
  if (err instanceof StoreUnavailable) return new Problem('service-unavailable', err.message)
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return tooLarge(request)
  if (err.validation !== undefined && err.validationContext !== undefined) {
    const context = err.validationContext as 'body' | 'params' | 'querystring' | 'headers'
    const part = context === 'body' ? request.body : context === 'params' ? request.params : context === 'querystring' ? request.query : request.headers
    return validationProblem(err.validation, context, request.row ?? undefined, part)
  }
  const framework = FRAMEWORK[err.code]
  if (framework !== undefined) return declared(framework(err), request)
  if (err instanceof SyntaxError && err.statusCode === 400) return FRAMEWORK.FST_ERR_CTP_INVALID_JSON_BODY!(err)
  if (aborted(err, request)) {
    // The client went away mid-body: nobody reads the answer, and it is no fault of the sandbox.
    request.log.debug({ code: err.code }, 'client aborted the request')
    return new Problem('malformed-json', 'the request was aborted before its body was read', { field: { in: 'body', name: '/' } })
  }
  request.log.error({ err }, 'unexpected error')
  return new Problem('internal-error', 'the sandbox failed to serve this request')
}

function aborted (err: FastifyError, request: FastifyRequest): boolean {
  return err.code === 'ECONNRESET' || err.code === 'ECONNABORTED' || request.raw.destroyed || (request.raw as { aborted?: boolean }).aborted === true
}

/**
 * An oversized body, answered with a status the operation documents: the dialect's own
 * "too large" where the operation declares it (e.g. 413), else the API's "body cannot be read"
 * (a 400 every operation declares; also off any operation), never an undeclared status.
 */
function tooLarge (request: FastifyRequest): Problem {
  const limit = request.routeOptions.bodyLimit
  const message = `body is larger than the sandbox accepts (at most ${limit} bytes)`
  const row = request.row ?? null
  const declared = row !== null && row.responses.has(row.dialect.table['body-too-large'].status)
  return new Problem(declared ? 'body-too-large' : 'malformed-json', message, { field: { in: 'body', name: '/' } })
}

/**
 * A framework refusal the operation documents no status for (e.g. a 415 on a GET) is answered
 * as the API's plain bad request for the same field: a header's, or the body's.
 */
function declared (problem: Problem, request: FastifyRequest): Problem {
  // Errors raised before routing come on a request without the decorations (and a bare row may list no responses).
  const row = request.row ?? null
  if (row === null || row.responses?.has(row.dialect.table[problem.kind].status) !== false) return problem
  const kind = problem.field?.in === 'header' ? 'invalid-header' : 'malformed-json'
  return new Problem(kind, problem.message, problem.field === undefined ? {} : { field: problem.field })
}

export function sendProblem (reply: FastifyReply, dialect: Dialect, problem: Problem, uuid: UuidSource): FastifyReply {
  const rendered = renderProblem(dialect, problem, reply.request.headers, uuid)
  setReasonPhrase(reply, dialect, rendered.status)
  // Sent as a string: the envelope is the dialect's, never re-shaped by a serializer.
  return reply.code(rendered.status).headers(rendered.headers)
    .type(`${dialect.contentType ?? 'application/json'}; charset=utf-8`).send(envelopeText(dialect, problem, rendered.body, reply, uuid))
}

/** The envelope as JSON; one that echoes a value too deep to serialize is sent without the value. */
function envelopeText (dialect: Dialect, problem: Problem, body: unknown, reply: FastifyReply, uuid: UuidSource): string {
  try {
    return JSON.stringify(body)
  } catch (err) {
    if (!(err instanceof RangeError) || problem.value === undefined) throw err
    const { field, reason, allow, code } = problem
    const plain = new Problem(problem.kind, problem.message, { ...(field && { field }), ...(reason && { reason }), ...(allow && { allow }), ...(code && { code }) })
    return JSON.stringify(renderProblem(dialect, plain, reply.request.headers, uuid).body)
  }
}

interface PathMatcher { api: ApiDef, prefixes: string[], routes: Array<{ method: string, pattern: RegExp }> }

function patternOf (url: string): RegExp {
  // A documented trailing slash is optional, as it is for the router (ignoreTrailingSlash).
  const source = url.replace(/(.)\/$/, '$1').split('/').map((s) => (s.startsWith(':') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')
  return new RegExp(`^${source}/?$`)
}

/**
 * One error handler and one not-found handler for the whole server: every rejection goes
 * through the dialect of the API whose path it is under, or the sandbox's own.
 */
export function installErrorHandling (app: FastifyInstance, apis: ApiDef[], uuid: UuidSource): void {
  const matchers: PathMatcher[] = apis
    .map((api) => ({ api, prefixes: api.prefixes, routes: api.rows.map((r) => ({ method: r.method, pattern: patternOf(r.url) })) }))
  const byPrefix = matchers.flatMap((m) => m.prefixes.map((prefix) => ({ prefix, matcher: m })))
    .sort((a, b) => b.prefix.length - a.prefix.length)

  const matcherFor = (path: string): PathMatcher | undefined =>
    byPrefix.find(({ prefix }) => path === prefix || path.startsWith(prefix + '/'))?.matcher

  const dialectFor = (request: FastifyRequest): Dialect =>
    request.row?.dialect ?? matcherFor(pathOf(request.url))?.api.dialect ?? sandboxDialect

  app.setErrorHandler((err: FastifyError, request, reply) => sendProblem(reply, dialectFor(request), toProblem(err, request), uuid))

  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request.url)
    const matcher = matcherFor(path)
    if (matcher === undefined) {
      return sendProblem(reply, sandboxDialect, new Problem('unknown-route', `no API is served at ${path}`), uuid)
    }
    const allow = [...new Set(matcher.routes.filter((r) => r.pattern.test(path)).map((r) => r.method))]
    if (allow.length > 0) {
      if (allow.includes('GET')) allow.push('HEAD')
      return sendProblem(reply, matcher.api.dialect, new Problem('method-not-allowed',
        `${request.method} is not allowed on ${path}; allowed: ${allow.join(', ')}`, { allow }), uuid)
    }
    return sendProblem(reply, matcher.api.dialect, new Problem('unknown-route', `${matcher.api.title} has no route ${request.method} ${path}`), uuid)
  })
}

/** Errors Fastify raises before a route is found (a malformed URL, a path parameter over the router's length). */
export function frameworkErrorHandler (apis: ApiDef[], uuid: UuidSource, maxParamLength: number) {
  const prefixes = apis.flatMap((api) => api.prefixes.map((prefix) => ({ prefix, api })))
  const routes = apis.flatMap((api) => api.rows.map((row) => ({ row, pattern: patternOf(row.url) })))
  return (err: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const path = pathOf(request.url)
    const api = prefixes.find(({ prefix }) => path.startsWith(prefix))?.api
    const problem = err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? longParameter(path, routes.filter((r) => r.pattern.test(path)).map((r) => r.row), maxParamLength)
      : toProblem(err, request)
    sendProblem(reply, api?.dialect ?? sandboxDialect, problem, uuid)
  }
}

/** The router refuses a path parameter over its length: name it as the spec does. */
function longParameter (path: string, rows: RouteRow[], max: number): Problem {
  const segments = path.split('/')
  for (const row of rows) {
    const index = row.url.split('/').findIndex((s, i) => s.startsWith(':') && (segments[i] ?? '').length > max)
    if (index === -1) continue
    const routed = row.url.split('/')[index]!.slice(1)
    const name = row.paramNames[routed] ?? routed
    return new Problem('invalid-parameter', `path parameter '${name}' is longer than ${max} characters`,
      { field: { in: 'path', name }, reason: 'max-length' })
  }
  return new Problem('invalid-parameter', `a path segment is longer than ${max} characters`, { reason: 'max-length' })
}

function pathOf (url: string): string {
  const q = url.indexOf('?')
  return q === -1 ? url : url.slice(0, q)
}

/** Transport failures before a request exists: no API is known yet, so the sandbox's own envelope. */
type Timeouts = { requestTimeout: number, headersTimeout: number }
const timedOut = ({ requestTimeout, headersTimeout }: Timeouts): string =>
  `the request did not arrive in time (its headers within ${headersTimeout} ms, all of it within ${requestTimeout} ms)`
const CLIENT_ERRORS: Record<string, { status: number, problem: string, message: (timeouts: Timeouts) => string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, problem: 'request-too-large', message: () => `the request line and headers are larger than the sandbox accepts (${maxHeaderSize} bytes)` },
  // Node reports a late request and late headers alike.
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, problem: 'request-timeout', message: timedOut },
  ERR_HTTP_HEADERS_TIMEOUT: { status: 408, problem: 'request-timeout', message: timedOut },
}

// llhttp's codes for the malformed requests clients most often send, in words.
const PARSE_ERRORS: Record<string, string> = {
  HPE_INVALID_URL: 'the request line holds an invalid URL (a control character, a space or a NUL)',
  HPE_INVALID_METHOD: 'the request line starts with an unknown method',
  HPE_INVALID_VERSION: 'the request line does not end in HTTP/1.1 followed by CRLF',
  HPE_LF_EXPECTED: 'a line of the request does not end in CRLF',
  HPE_CR_EXPECTED: 'a line of the request does not end in CRLF',
  HPE_INVALID_HEADER_TOKEN: 'a header name holds a character HTTP does not allow',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'the request carries conflicting Content-Length headers (or Content-Length with Transfer-Encoding)',
  HPE_INVALID_CONTENT_LENGTH: 'the Content-Length header is not a whole number',
  HPE_INVALID_TRANSFER_ENCODING: 'the Transfer-Encoding header is not one the sandbox reads',
  HPE_INVALID_CHUNK_SIZE: 'a chunk of the body has an invalid size',
}

/** Node's `clientError`: malformed HTTP, oversized headers, slow requests, answered in the sandbox envelope. */
export function clientErrorHandler (timeouts: Timeouts) {
  return function (this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket): void {
    if (err.code === 'ECONNRESET' || socket.destroyed) return
    const known = CLIENT_ERRORS[err.code ?? '']
    const status = known?.status ?? 400
    const title = STATUS_CODES[status] ?? 'Bad Request'
    const body = JSON.stringify({
      problem: known?.problem ?? 'malformed-request',
      title,
      message: known?.message(timeouts) ?? `the request is not valid HTTP/1.1: ${PARSE_ERRORS[err.code ?? ''] ?? 'it cannot be parsed'} (${err.code ?? 'parse error'})`,
    })
    this.log.debug({ code: err.code }, 'client error')
    // Answered, then closed: after a parse error the rest of the stream cannot be trusted.
    if (socket.writable) socket.end(`HTTP/1.1 ${status} ${title}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
    else socket.destroy()
  }
}
