import { createRequire } from 'node:module'
import type { FastifySerializerCompiler } from 'fastify'
import type fastJsonStringify from 'fast-json-stringify'
import type { PrebuiltSerializer } from '../spec/built.js'

const require = createRequire(import.meta.url)

/**
 * Fastify's serializer compiler: the build's serializer for the route's status when there is
 * one, else one compiled now as Fastify would (fast-json-stringify is then loaded).
 */
export function serializerCompiler (prebuilt?: PrebuiltSerializer): FastifySerializerCompiler<Record<string, unknown>> {
  return ({ schema, method, url, httpStatus, contentType }) => {
    const built = prebuilt?.(method, url, httpStatus ?? '', contentType)
    if (built !== undefined) return built
    const build = require('fast-json-stringify') as typeof fastJsonStringify
    return build(schema)
  }
}
