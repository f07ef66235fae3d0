import type { FastifyReply, FastifyRequest } from 'fastify'
import type { RouteRow } from '../spec/compile.js'
import { listItems, propertiesOf, successSchema } from '../spec/resources.js'
import type { JsonSchema } from '../spec/types.js'
import { mainType, placeholder } from './placeholder.js'

// A list operation's query, read from the parameters the spec declares where their meaning is
// plain: page size (limit, per_page, pageSize, …), offset (offset, skip, start), page number
// (page, pageNumber: from 1, or from 0 when its schema's minimum is 0), and equality filters
// (a query parameter named as a scalar field of the records; several values: any of them).
// Other query parameters are accepted as the spec says and do not change the answer.

const normal = (name: string): string => name.toLowerCase().replace(/[_-]/g, '')
const SIZE = new Set(['limit', 'perpage', 'pagesize', 'size', 'maxresults', 'top', 'count'])
const OFFSET = new Set(['offset', 'skip', 'start'])
const PAGE = new Set(['page', 'pagenumber', 'pageno', 'pageindex'])
const TOTAL = new Set(['total', 'totalcount', 'totalitems', 'totalelements', 'totalresults', 'totalrecords', 'count'])
/** The page size when a page number is asked for and the spec declares no size (or no default). */
export const DEFAULT_PAGE_SIZE = 20

export interface ListAnswer {
  /** The records to answer, in list order, filtered and paged. */
  page: unknown[]
  /** How many records matched the filters. */
  total: number
  offset: number
  size: number | undefined
  pageNumber: number | undefined
}

/** An operation's list answer: how it reads the query, and the shape it answers in. */
export interface ListPlan {
  select: (request: FastifyRequest, records: unknown[]) => ListAnswer
  /** The body: the page itself, or the spec's wrapper around it (`{data, total, page}`). */
  shape: (answer: ListAnswer, reply: FastifyReply) => unknown
}

export function listPlan (row: RouteRow, item: JsonSchema | undefined): ListPlan {
  const query = Object.keys(row.parameters.query ?? {})
  const declared = (set: Set<string>): string | undefined => query.find((name) => set.has(normal(name)))
  const size = declared(SIZE)
  const offset = declared(OFFSET)
  const page = declared(PAGE)
  const pageSchema = page === undefined ? undefined : row.schema.querystring?.properties as Record<string, JsonSchema> | undefined
  const pageBase = pageSchema?.[page!]?.minimum === 0 ? 0 : 1
  const fields = propertiesOf(item)
  const filters = query.filter((name) => name !== size && name !== offset && name !== page && fields[name] !== undefined &&
    ['string', 'integer', 'number', 'boolean'].includes(mainType(fields[name]!) ?? ''))

  const select = (request: FastifyRequest, records: unknown[]): ListAnswer => {
    const q = request.query as Record<string, unknown>
    let matched = records
    for (const name of filters) {
      const value = q[name]
      if (value === undefined) continue
      const wanted = (Array.isArray(value) ? value : [value]).map(String)
      matched = matched.filter((r) => {
        const field = (r as Record<string, unknown>)[name]
        return field !== undefined && field !== null && wanted.includes(String(field))
      })
    }
    let take = size !== undefined && q[size] !== undefined ? Number(q[size]) : undefined
    let from = offset !== undefined && q[offset] !== undefined ? Number(q[offset]) : 0
    let pageNumber: number | undefined
    if (page !== undefined && q[page] !== undefined) {
      pageNumber = Number(q[page])
      take ??= DEFAULT_PAGE_SIZE
      from = Math.max(0, pageNumber - pageBase) * take
    }
    return { page: matched.slice(from, take === undefined ? undefined : from + take), total: matched.length, offset: from, size: take, pageNumber }
  }

  const success = row.responses.get(row.successStatus) ?? undefined
  const wrapper = listItems(successSchema(row.operation))?.property
  const headers = Object.keys(row.operation.responses?.[String(row.successStatus)]?.headers ?? {})
  const totalHeader = headers.find((h) => normal(h) === 'xtotalcount')
  const header = (answer: ListAnswer, reply: FastifyReply): void => {
    if (totalHeader !== undefined) reply.header(totalHeader, String(answer.total))
  }
  if (wrapper === undefined || success === undefined) {
    return { select, shape: (answer, reply) => { header(answer, reply); return answer.page } }
  }
  const properties = propertiesOf(success)
  const required = new Set((success.required as string[] | undefined) ?? [])
  const fills: Array<[string, (a: ListAnswer) => unknown]> = []
  for (const [name, schema] of Object.entries(properties)) {
    const n = normal(name)
    const numeric = mainType(schema) === 'integer' || mainType(schema) === 'number'
    if (name === wrapper) fills.push([name, (a) => a.page])
    else if (numeric && TOTAL.has(n)) fills.push([name, (a) => a.total])
    else if (numeric && PAGE.has(n)) fills.push([name, (a) => a.pageNumber ?? (a.size === undefined ? pageBase : Math.floor(a.offset / a.size) + pageBase)])
    else if (numeric && SIZE.has(n)) fills.push([name, (a) => a.size ?? a.total])
    else if (numeric && OFFSET.has(n)) fills.push([name, (a) => a.offset])
    else if (required.has(name)) fills.push([name, () => placeholder(schema)])
  }
  return {
    select,
    shape (answer, reply) {
      header(answer, reply)
      const body: Record<string, unknown> = {}
      for (const [name, fill] of fills) body[name] = fill(answer)
      return body
    },
  }
}
