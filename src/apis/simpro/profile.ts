import type { HandlerFactory } from '../../engine/handler-types.js'
import type { CustomerProfile } from './columns.js'
import { checkName, collectionOf, companyExists, firstFreeIds, pathOf, requireCompany } from './company.js'
import { ALL_COLUMNS, parseColumns, project } from './query.js'

interface ProfileBody { Name?: string, Archived?: boolean }

/** POST …/customerProfiles/: 201 with the new profile and its Location. */
export const createCustomerProfile: HandlerFactory = ({ store }) => {
  const firstIds = firstFreeIds(store.base)
  return async (request, reply, data) => {
    const { companyID } = pathOf(request)
    if (!companyExists(data, companyID)) return undefined
    const collection = collectionOf(companyID)
    const body = request.body as Required<ProfileBody>
    // The name check and the write in one transaction: two creates with one name cannot both pass.
    const record = await data.transact((tx) => {
      checkName(tx, collection, body.Name)
      const ID = tx.allocate(collection, firstIds.get(companyID) ?? 1)
      const created: CustomerProfile = { ID, Name: body.Name, Archived: body.Archived ?? false }
      tx.put(collection, String(ID), created)
      return created
    })
    const { ID } = record
    reply.header('Location', `/api/v1.0/companies/${companyID}/setup/customerProfiles/${ID}`)
    return record
  }
}

/** GET …/customerProfiles/{customerProfileID}, with `columns`. */
export const retrieveCustomerProfile: HandlerFactory = () => (request, _reply, data) => {
  const { companyID, customerProfileID } = pathOf(request)
  requireCompany(data, companyID)
  const columns = parseColumns((request.query as { columns?: string[] }).columns, ALL_COLUMNS)
  const record = data.get(collectionOf(companyID), String(customerProfileID)) as CustomerProfile | undefined
  return record === undefined ? undefined : project(record, columns)
}

/** PATCH …/customerProfiles/{customerProfileID}: a partial update, 204. */
export const updateCustomerProfile: HandlerFactory = () => (request, _reply, data) => {
  const { companyID, customerProfileID } = pathOf(request)
  requireCompany(data, companyID)
  const collection = collectionOf(companyID)
  const body = request.body as ProfileBody
  return data.transact((tx) => {
    const record = tx.get(collection, String(customerProfileID)) as CustomerProfile | undefined
    if (record === undefined) return undefined
    if (body.Name !== undefined) checkName(tx, collection, body.Name, record.ID)
    // Every field is optional: an empty patch changes nothing and writes nothing.
    if (body.Name !== undefined || body.Archived !== undefined) tx.put(collection, String(record.ID), Object.assign({}, record, body))
    return null
  })
}

/** DELETE …/customerProfiles/{customerProfileID}: 204, then 404. */
export const deleteCustomerProfile: HandlerFactory = () => async (request, _reply, data) => {
  const { companyID, customerProfileID } = pathOf(request)
  requireCompany(data, companyID)
  return (await data.transact((tx) => tx.remove(collectionOf(companyID), String(customerProfileID)))) ? null : undefined
}
