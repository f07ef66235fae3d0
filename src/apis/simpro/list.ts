import type { HandlerFactory } from '../../engine/handler-types.js'
import { collectionOf, companyExists, pathOf } from './company.js'
import { DEFAULT_COLUMNS, parseColumns, parseSelection, project, type ListQueryInput } from './query.js'
import { viewCache } from './views.js'

/** A page as answered: the paging headers' values and the records, serialized once. */
interface Page { total: string, pages: string, json: string }

const JSON_TYPE = 'application/json; charset=utf-8'

/** The query text of a URL, as sent: the same text always parses to the same list call. */
function queryText (url: string): string {
  const mark = url.indexOf('?')
  return mark === -1 ? '' : url.slice(mark + 1)
}

/** GET …/customerProfiles/: filters, search, columns, orderby, page, pageSize, limit; totals in headers. */
export const listCustomerProfiles: HandlerFactory = (deps) => {
  const views = viewCache(deps.cacheBytes)
  return (request, reply, data) => {
    const { companyID } = pathOf(request)
    // Absent: the engine answers the 404 naming companyID.
    if (!companyExists(data, companyID)) return undefined
    const collection = collectionOf(companyID)
    // A refused query throws before anything is kept.
    const page = views.derive(data, collection, queryText(request.url), (): Page => {
      const query = request.query as ListQueryInput
      const columns = parseColumns(query.columns, DEFAULT_COLUMNS)
      const records = views.select(data, collection, parseSelection(query))
      // `limit` caps the page; a page past the end is empty.
      const start = (query.page - 1) * query.pageSize
      return {
        total: String(records.length),
        pages: String(Math.ceil(records.length / query.pageSize)),
        json: JSON.stringify(records.slice(start, start + Math.min(query.pageSize, query.limit ?? query.pageSize)).map((record) => project(record, columns))),
      }
    })
    reply.header('Result-Total', page.total).header('Result-Pages', page.pages).type(JSON_TYPE)
    return page.json
  }
}
