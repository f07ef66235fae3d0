import type { HandlerFactory } from '../../engine/handler-types.js'
import type { CustomerProfile } from './columns.js'
import { collectionOf, companyExists, pathOf } from './company.js'
import { DEFAULT_COLUMNS, parseColumns, parseSelection, project, type ListQueryInput } from './query.js'
import { selectRecords } from './views.js'

/** GET …/customerProfiles/: filters, search, columns, orderby, page, pageSize, limit; totals in headers. */
export const listCustomerProfiles: HandlerFactory = () => (request, reply, data) => {
  const { companyID } = pathOf(request)
  // Absent: the engine answers the 404 naming companyID.
  if (!companyExists(data, companyID)) return undefined
  const query = request.query as ListQueryInput
  const columns = parseColumns(query.columns, DEFAULT_COLUMNS)
  const records = selectRecords(data, collectionOf(companyID), parseSelection(query))
  const total = records.length
  const start = Math.min((query.page - 1) * query.pageSize, total)
  let end = Math.min(start + query.pageSize, total)
  if (query.limit !== undefined) end = Math.min(end, start + query.limit)
  const page: Array<Partial<CustomerProfile>> = []
  for (let i = start; i < end; i++) page.push(project(records[i]!, columns))
  reply.header('Result-Total', total).header('Result-Pages', Math.ceil(total / query.pageSize))
  return page
}
