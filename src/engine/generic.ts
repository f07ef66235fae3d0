import type { FastifyRequest } from 'fastify'
import { idParam, stringExtension } from './extensions.js'
import type { Behaviours } from './handler-types.js'

function pathValue (request: FastifyRequest, name: string): string {
  return String((request.params as Record<string, unknown>)[name])
}

/** Generic handler kinds over an `x-sandbox-collection`, usable by any API. */
export const genericKinds: Behaviours = {
  get ({ row }) {
    const collection = stringExtension(row, 'x-sandbox-collection', true)
    const id = idParam(row)
    if (id === undefined) throw new Error(`spec ${row.api.spec.file}: ${row.operationId} (get) has no path parameter for the id`)
    return (request, _reply, data) => data.get(collection, pathValue(request, id))
  },
}
