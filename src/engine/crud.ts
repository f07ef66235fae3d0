import type { FastifyReply, FastifyRequest } from 'fastify'
import type { RouteRow } from '../spec/compile.js'
import { propertiesOf, type Resource } from '../spec/resources.js'
import type { JsonSchema } from '../spec/types.js'
import type { TenantView, TenantWrite } from '../store/store.js'
import { nextId } from '../store/ids.js'
import { idParam, stringExtension } from './extensions.js'
import { compileForcedResponses, loadGenerator } from './forced-response.js'
import type { Behaviours, HandlerDeps, OperationHandler } from './handler-types.js'
import { listPlan } from './list-query.js'
import { placeholder } from './placeholder.js'
import { Problem, isProblem } from './problems.js'

// The generic handler kinds: CRUD over one collection of a tenant's data, for any API. An own
// API's operations are bound to them from the REST shape (src/spec/resources.ts); a built-in
// spec names them with `x-sandbox-handler` and `x-sandbox-collection`.

type Params = Record<string, unknown>
type Json = Record<string, unknown>

/** An operation's collection: inferred, or named by `x-sandbox-collection` (a fixed one). */
export function resourceOf (row: RouteRow): Resource {
  if (row.resource !== undefined) return row.resource
  const collection = stringExtension(row, 'x-sandbox-collection', true)
  return { key: `/${collection}`, fixed: collection, noun: stringExtension(row, 'x-sandbox-resource') ?? 'resource', idField: undefined, idType: 'string', item: undefined }
}

/** The placeholders of a collection key (`/owners/{}/visits`). */
const depth = (resource: Resource): number => resource.key.split('{}').length - 1

/** Where one operation finds its records: the collection's store name for the request's parent ids, and its parent's. */
interface Place {
  collection: (params: Params) => string
  /** Throws the parent's 404 when the collection lives under a record that is absent. */
  checkParent: (params: Params, data: TenantView) => void
}

function place (row: RouteRow, resource: Resource): Place {
  const names = [...row.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!)
  const nameOf = (r: Resource): ((params: Params) => string) => {
    if (r.fixed !== undefined) return () => r.fixed!
    const parts = r.key.slice(1).split('{}')
    return (params) => {
      let out = parts[0]!
      for (let i = 1; i < parts.length; i++) out += String(params[names[i - 1]!]) + parts[i]!
      return out
    }
  }
  const collection = nameOf(resource)
  const parent = resource.parent
  if (parent === undefined) return { collection, checkParent: () => {} }
  const parentCollection = nameOf(parent)
  const parentParam = names[depth(resource) - 1]!
  return {
    collection,
    checkParent (params, data) {
      const id = params[parentParam]
      if (data.get(parentCollection(params), String(id)) === undefined) {
        throw new Problem('not-found', `${parent.noun} '${String(id)}' not found`, { field: { in: 'path', name: parentParam }, value: id })
      }
    },
  }
}

/** The first id a tenant's new records of the collection get: one past the highest in the base data. */
function firstId (deps: HandlerDeps, resource: Resource): number {
  const pattern = resource.fixed !== undefined
    ? new RegExp(`^${resource.fixed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
    : new RegExp(`^${resource.key.slice(1).split('{}').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}$`)
  const ids: number[] = []
  for (const [name, records] of deps.store.base) {
    if (!pattern.test(name)) continue
    for (const id of records.keys()) if (/^\d{1,15}$/.test(id)) ids.push(Number(id))
  }
  return nextId(ids)
}

/** Fills the top-level fields the record schema requires that a body left out (so every answer is one the spec allows). */
function completer (item: JsonSchema | undefined): (record: Json) => Json {
  if (item === undefined) return (record) => record
  const properties = propertiesOf(item)
  const required = new Set<string>((item.required as string[] | undefined) ?? [])
  for (const branch of (item.allOf as JsonSchema[] | undefined) ?? []) for (const name of (branch.required as string[] | undefined) ?? []) required.add(name)
  const missing = [...required].filter((name) => properties[name] !== undefined)
  return (record) => {
    for (const name of missing) if (record[name] === undefined) record[name] = placeholder(properties[name]!)
    return record
  }
}

/** RFC 7386 JSON merge patch: null removes a field, objects merge, anything else replaces. */
export function mergePatch (target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch
  const out: Json = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Json) } : {}
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key]
    else out[key] = mergePatch(out[key], value)
  }
  return out
}

function locationHeader (row: RouteRow): string | undefined {
  return Object.keys(row.operation.responses?.[String(row.successStatus)]?.headers ?? {}).find((h) => h.toLowerCase() === 'location')
}

const keyOf = (id: unknown): string => String(id)

/** The kinds, by the name `x-sandbox-handler` uses. */
export const crudKinds: Behaviours = {
  get ({ row }) {
    const resource = resourceOf(row)
    const id = idParam(row)
    if (id === undefined) throw new Error(`spec ${row.api.spec.file}: ${row.operationId} (get) has no path parameter for the id`)
    const { collection, checkParent } = place(row, resource)
    return (request, _reply, data) => {
      const params = request.params as Params
      checkParent(params, data)
      return data.get(collection(params), keyOf(params[id]))
    }
  },

  list ({ row }) {
    const resource = resourceOf(row)
    const { collection, checkParent } = place(row, resource)
    const plan = listPlan(row, resource.item)
    return (request, reply, data) => {
      const params = request.params as Params
      checkParent(params, data)
      return plan.shape(plan.select(request, data.list(collection(params))), reply)
    }
  },

  create (deps) {
    const { row, uuid } = deps
    const resource = resourceOf(row)
    const { collection, checkParent } = place(row, resource)
    const complete = completer(resource.item)
    const { idField, idType, parentField } = resource
    const counter = resource.fixed ?? resource.key
    const parentParam = [...row.path.matchAll(/\{([^}]+)\}/g)].at(-1)?.[1]
    const location = locationHeader(row)
    let start: number | undefined
    return async (request, reply, data) => {
      const params = request.params as Params
      checkParent(params, data)
      const body = (request.body ?? {}) as Json
      const name = collection(params)
      start ??= firstId(deps, resource)
      const record = await data.transact((tx: TenantWrite) => {
        const given = idField === undefined ? undefined : body[idField]
        let id: unknown
        if (idType === 'uuid') id = uuid()
        else if (idType === 'string' && typeof given === 'string' && given !== '') id = given
        else id = tx.allocate(counter, start!)
        if (idType === 'string' && typeof id === 'number') id = String(id)
        if (tx.get(name, keyOf(id)) !== undefined) {
          throw new Problem('conflict', `${resource.noun} '${String(id)}' already exists`, { field: { in: 'body', name: `/${idField ?? 'id'}` }, value: id })
        }
        // Object.assign, not spread: spreading a parsed body takes V8's slow path.
        const made = Object.assign({}, body)
        if (idField !== undefined) made[idField] = id
        if (parentField !== undefined && parentParam !== undefined) made[parentField] = params[parentParam]
        tx.put(name, keyOf(id), complete(made))
        return { id, made }
      })
      if (location !== undefined) reply.header(location, `${request.url.split('?')[0]!.replace(/\/$/, '')}/${encodeURIComponent(String(record.id))}`)
      return record.made
    }
  },

  replace ({ row }) {
    return writer(row, (existing, body) => Object.assign({}, body), 'replace')
  },

  patch ({ row }) {
    return writer(row, (existing, body) => mergePatch(existing, body) as Json, 'patch')
  },

  delete ({ row }) {
    const resource = resourceOf(row)
    const id = idParam(row)
    if (id === undefined) throw new Error(`spec ${row.api.spec.file}: ${row.operationId} (delete) has no path parameter for the id`)
    const { collection, checkParent } = place(row, resource)
    // A 200 with a body answers the removed record; a 204 answers nothing.
    const answersRecord = row.responses.get(row.successStatus) != null
    return (request, _reply, data) => {
      const params = request.params as Params
      checkParent(params, data)
      const name = collection(params)
      return data.transact((tx) => {
        const old = tx.get(name, keyOf(params[id]))
        if (old === undefined) return undefined
        tx.remove(name, keyOf(params[id]))
        return answersRecord ? old : null
      })
    }
  },

  /** Any other operation: the documented example of its success answer, else one generated from its schema. */
  answer ({ row, uuid }) {
    const force = compileForcedResponses(row, { seed: () => Number.parseInt(uuid().slice(0, 8), 16) })
    return async (_request: FastifyRequest, reply: FastifyReply) => {
      await loadGenerator()
      const forced = force({})
      if (isProblem(forced)) throw forced
      if (forced.headers !== undefined) reply.headers(forced.headers)
      if (forced.type !== undefined && forced.type !== 'application/json') reply.type(forced.type)
      return forced.body === undefined ? null : forced.body
    }
  },
}

/** PUT and PATCH: the stored record made anew from the body (and the old record), its id and parent kept. */
function writer (row: RouteRow, make: (existing: Json, body: Json) => Json, kind: string): OperationHandler {
  const resource = resourceOf(row)
  const id = idParam(row)
  if (id === undefined) throw new Error(`spec ${row.api.spec.file}: ${row.operationId} (${kind}) has no path parameter for the id`)
  const { collection, checkParent } = place(row, resource)
  const complete = completer(resource.item)
  const { idField, parentField } = resource
  return (request, _reply, data) => {
    const params = request.params as Params
    checkParent(params, data)
    const name = collection(params)
    const body = (request.body ?? {}) as Json
    return data.transact((tx) => {
      const existing = tx.get(name, keyOf(params[id])) as Json | undefined
      if (existing === undefined) return undefined
      const made = make(existing, body)
      if (idField !== undefined) made[idField] = existing[idField] ?? params[id]
      if (parentField !== undefined && existing[parentField] !== undefined) made[parentField] = existing[parentField]
      tx.put(name, keyOf(params[id]), complete(made))
      return made
    })
  }
}
