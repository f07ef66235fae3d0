import type { HandlerFactory } from '../../engine/handler-types.js'
import { collectionOf, companyExists, pathOf } from './company.js'
import { DEFAULT_COLUMNS, parseColumns, parseSelection, project, type ListQueryInput } from './query.js'
import { viewCache } from './views.js'

/** GET …/customerProfiles/: filters, search, columns, orderby, page, pageSize, limit; totals in headers. */
export const listCustomerProfiles: HandlerFactory = () => {
  const selectRecords = viewCache()
  return (request, reply, data) => {
    const { companyID } = pathOf(request)
    // Absent: the engine answers the 404 naming companyID.
    if (!companyExists(data, companyID)) return undefined
    const query = request.query as ListQueryInput
    const columns = parseColumns(query.columns, DEFAULT_COLUMNS)
    const records = selectRecords(data, collectionOf(companyID), parseSelection(query))
    reply.header('Result-Total', records.length).header('Result-Pages', Math.ceil(records.length / query.pageSize))
    // `limit` caps the page; a page past the end is empty.
    const start = (query.page - 1) * query.pageSize
    return records.slice(start, start + Math.min(query.pageSize, query.limit ?? query.pageSize)).map((record) => project(record, columns))
  }
}
