import type { FastifyRequest } from 'fastify'
import { Problem } from '../../engine/problems.js'
import type { BaseData } from '../../store/base.js'
import { nextId } from '../../store/ids.js'
import type { TenantView } from '../../store/store.js'
import type { CustomerProfile } from './columns.js'

// Each company's profiles are a collection of their own (`fixtures/simpro/data/customerProfiles.<companyID>.json`),
// so one company's data never shows in another's. Companies come from `companies.json`.
const collections = new Map<number, string>()
/**
 * The collection name of a company, made once per company (the store finds it by this string on
 * every request); the first few hundred ids asked for are kept, so unknown ids cannot grow it.
 */
export function collectionOf (companyID: number): string {
  let name = collections.get(companyID)
  if (name === undefined) {
    name = `customerProfiles.${companyID}`
    if (collections.size < 256) collections.set(companyID, name)
  }
  return name
}

export interface ProfilePath { companyID: number, customerProfileID: number }

export function pathOf (request: FastifyRequest): ProfilePath {
  return request.params as ProfilePath
}

export function companyExists (data: TenantView, companyID: number): boolean {
  return data.get('companies', String(companyID)) !== undefined
}

/** For operations on one profile: an unknown company is a 404 naming companyID. */
export function requireCompany (data: TenantView, companyID: number): void {
  if (!companyExists(data, companyID)) {
    throw new Problem('not-found', `company '${companyID}' not found`, { field: { in: 'path', name: 'companyID' }, value: companyID })
  }
}

/** The first id a tenant may allocate in each company: past every base record, so no id is ever reused. */
export function firstFreeIds (base: BaseData): Map<number, number> {
  const out = new Map<number, number>()
  for (const id of (base.get('companies') ?? new Map()).keys()) {
    const records = (base.get(collectionOf(Number(id))) ?? new Map()).values() as Iterable<CustomerProfile>
    out.set(Number(id), nextId(Array.from(records, (record) => record.ID)))
  }
  return out
}

/** Names are unique within a company, ignoring case. */
export function checkName (data: TenantView, collection: string, name: string, self?: number): void {
  const field = { in: 'body' as const, name: '/Name' }
  if (name.trim() === '') throw new Problem('invalid-body', "body field '/Name' must not be blank", { field, reason: 'min-length', value: name })
  const wanted = name.toLowerCase()
  for (const record of data.list(collection) as CustomerProfile[]) {
    if (record.ID !== self && record.Name.toLowerCase() === wanted) {
      throw new Problem('business-rule', `body field '/Name' '${name}' is already used by customer profile ${record.ID}`, { field, reason: 'duplicate', value: name })
    }
  }
}
