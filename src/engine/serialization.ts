import { createRequire } from 'node:module'
import type { FastifySerializerCompiler } from 'fastify'
import type fastJsonStringify from 'fast-json-stringify'
import type { PrebuiltSerializer, Serialize } from '../spec/built.js'

const require = createRequire(import.meta.url)

/**
 * Fastify's serializer compiler: the build's serializer for the route's status when there is
 * one, read when that status is first sent (most never are), else one compiled now as Fastify
 * would (fast-json-stringify).
 */
export function serializerCompiler (prebuilt?: PrebuiltSerializer): FastifySerializerCompiler<Record<string, unknown>> {
  return ({ schema, method, url, httpStatus, contentType }) => {
    const compile = (): Serialize => (require('fast-json-stringify') as typeof fastJsonStringify)(schema)
    const load = prebuilt?.(method, url, httpStatus ?? '', contentType)
    if (load === undefined) return compile()
    let serialize: Serialize | undefined
    const first = (): Serialize => {
      try {
        return load()
      } catch {
        // The build was replaced since the start (its file is gone): the schema is at hand.
        return compile()
      }
    }
    return (data) => (serialize ??= first())(data)
  }
}
