import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { sandboxDialect } from '../dialects/index.js'
import { renderProblem } from '../dialects/render.js'
import { setReasonPhrase } from './reason-phrase.js'
import type { Dialect } from '../dialects/types.js'
import type { ApiDef } from '../spec/compile.js'
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
  FST_ERR_BAD_URL: () => new Problem('invalid-parameter', 'the request path is not a valid URL', { field: { in: 'path', name: '/' } }),
}

/** Any error raised while serving a request, as a problem. Unknown errors are internal errors. */
export function toProblem (err: FastifyError, request: FastifyRequest): Problem {
  if (isProblem(err)) return err
  if (err.validation !== undefined && err.validationContext !== undefined) {
    const context = err.validationContext as 'body' | 'params' | 'querystring' | 'headers'
    const part = context === 'body' ? request.body : context === 'params' ? request.params : context === 'querystring' ? request.query : request.headers
    return validationProblem(err.validation, context, request.row ?? undefined, part)
  }
  const framework = FRAMEWORK[err.code]
  if (framework !== undefined) return framework(err)
  if (err instanceof SyntaxError && err.statusCode === 400) return FRAMEWORK.FST_ERR_CTP_INVALID_JSON_BODY!(err)
  request.log.error({ err }, 'unexpected error')
  return new Problem('internal-error', 'the sandbox failed to serve this request')
}

export function sendProblem (reply: FastifyReply, dialect: Dialect, problem: Problem, uuid: UuidSource): FastifyReply {
  const rendered = renderProblem(dialect, problem, reply.request.headers, uuid)
  setReasonPhrase(reply, dialect, rendered.status)
  // Sent as a string: the envelope is the dialect's, never re-shaped by a serializer.
  return reply.code(rendered.status).headers(rendered.headers)
    .type('application/json; charset=utf-8').send(JSON.stringify(rendered.body))
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

/** Errors Fastify raises before a route is found (a malformed URL). */
export function frameworkErrorHandler (apis: ApiDef[], uuid: UuidSource) {
  const prefixes = apis.flatMap((api) => api.prefixes.map((prefix) => ({ prefix, api })))
  return (err: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const path = pathOf(request.url)
    const api = prefixes.find(({ prefix }) => path.startsWith(prefix))?.api
    sendProblem(reply, api?.dialect ?? sandboxDialect, toProblem(err, request), uuid)
  }
}

function pathOf (url: string): string {
  const q = url.indexOf('?')
  return q === -1 ? url : url.slice(0, q)
}
