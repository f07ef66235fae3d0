// The names a build files each route's validators and serializers under, and a start looks them up by:
// what Fastify hands its schema compilers (method, url, part or status, media type).

export type RequestPart = 'params' | 'querystring' | 'headers' | 'body'

export const validatorKey = (method: string, url: string, part: string, contentType?: string): string =>
  `${method} ${url} ${part}${contentType === undefined ? '' : ` ${contentType}`}`

export const serializerKey = (method: string, url: string, status: string, contentType?: string): string =>
  `${method} ${url} ${status}${contentType === undefined ? '' : ` ${contentType}`}`

/** Fastify adds a HEAD route beside every GET, with the GET's schemas (a spec's own HEAD operation has its own). */
export const sourceMethod = (method: string): string => (method === 'HEAD' ? 'GET' : method)
