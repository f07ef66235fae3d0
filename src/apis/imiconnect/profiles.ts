import { Problem } from '../../engine/problems.js'
import type { HandlerFactory } from '../../engine/handler-types.js'

interface CustomerRecord {
  Attributes: unknown[]
  InwardLinks: unknown[]
  OutwardLinks: unknown[]
}

const NONE: unknown[] = []

/** showinwardlinks: 0 master profile only, 1 with application profiles (inward links), 2 the full profile. */
function view (customer: CustomerRecord, level: number): CustomerRecord {
  return {
    Attributes: customer.Attributes,
    InwardLinks: level >= 1 ? customer.InwardLinks : NONE,
    OutwardLinks: level >= 2 ? customer.OutwardLinks : NONE,
  }
}

function success (records: CustomerRecord[], uuid: () => string): unknown {
  return { Status: 0, Description: 'success', Records: records, code: '1000', transid: uuid() }
}

interface LinkQuery { showinwardlinks: number }

/** GET /customerprofile/{customerid} */
export const getCustomerProfile: HandlerFactory = ({ uuid }) => (request, _reply, data) => {
  const { customerid } = request.params as { customerid: string }
  const customer = data.get('customers', customerid) as CustomerRecord | undefined
  if (customer === undefined) return undefined
  return success([view(customer, (request.query as LinkQuery).showinwardlinks)], uuid)
}

/** GET /customerprofile?customerId=…&customerId=…: unknown ids are left out; none found is a 404. */
export const getCustomerProfiles: HandlerFactory = ({ uuid }) => (request, _reply, data) => {
  const query = request.query as LinkQuery & { customerId: string[] }
  const records: CustomerRecord[] = []
  for (const id of new Set(query.customerId)) {
    const customer = data.get('customers', id) as CustomerRecord | undefined
    if (customer !== undefined) records.push(view(customer, query.showinwardlinks))
  }
  if (records.length === 0) {
    throw new Problem('not-found', `none of the requested customerId values (${query.customerId.join(', ')}) is a known customer`, {
      field: { in: 'query', name: 'customerId' },
    })
  }
  return success(records, uuid)
}
