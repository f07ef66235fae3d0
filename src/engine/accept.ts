import type { preValidationHookHandler } from 'fastify'
import type { RouteRow } from '../spec/compile.js'
import { stringExtension } from './extensions.js'
import { Problem } from './problems.js'

const FIELD = { in: 'header' as const, name: 'Accept' }

/**
 * Whether an `Accept` value admits a media type: a media range equal to it (case-insensitive,
 * RFC 9110), its `type/*` or `*∕*`, with a q above 0.
 */
export function accepts (header: string, mediaType: string): boolean {
  const wanted = mediaType.toLowerCase()
  const family = `${wanted.slice(0, wanted.indexOf('/'))}/*`
  for (const part of header.split(',')) {
    const [range = '', ...params] = part.split(';')
    const type = range.trim().toLowerCase()
    if (type !== wanted && type !== family && type !== '*/*') continue
    const q = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='))
    if (q === undefined || Number(q.slice(2)) > 0) return true
  }
  return false
}

/**
 * `x-sandbox-accept: <media type>` on an operation: the request must send an `Accept` header
 * admitting it (OpenAPI ignores an `Accept` header parameter, so the spec says it this way).
 */
export function acceptCheck (row: RouteRow): preValidationHookHandler | undefined {
  const mediaType = stringExtension(row, 'x-sandbox-accept')
  if (mediaType === undefined) return undefined
  if (!/^[\w.+-]+\/[\w.+-]+$/.test(mediaType)) throw new Error(`spec ${row.api.spec.file}: ${row.operationId}: x-sandbox-accept must be a media type, not "${mediaType}"`)
  // The last header seen and its verdict: clients send the same Accept on every call, so it is parsed once.
  let last = mediaType
  let lastAccepted = true
  return (request, _reply, done) => {
    const raw = request.headers.accept
    const header = Array.isArray(raw) ? raw.join(',') : raw ?? ''
    if (header !== last) {
      last = header
      lastAccepted = header.trim() !== '' && accepts(header, mediaType)
    }
    if (lastAccepted) {
      done()
    } else if (header.trim() === '') {
      done(new Problem('missing-header', "header 'Accept' is required", { field: FIELD, reason: 'required' }))
    } else if (!accepts(header, mediaType)) {
      done(new Problem('invalid-header', `header 'Accept' must accept ${mediaType}`, { field: FIELD, reason: 'invalid-format', value: header }))
    } else {
      done()
    }
  }
}
