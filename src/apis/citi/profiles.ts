import type { HandlerFactory } from '../../engine/handler-types.js'
import { customerOf, type Customer } from './customer.js'

function particulars (c: Customer): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (c.customerType !== undefined) out.customerType = c.customerType
  if (c.customerParticulars !== undefined) out.customerParticulars = c.customerParticulars
  if (c.customerSegment !== undefined) out.customerSegment = c.customerSegment
  if (c.partnerCustomerSegment !== undefined) out.partnerCustomerSegment = c.partnerCustomerSegment
  return out
}

// Built by assignment, not object spread: a spread into a literal with more fields is a slow path
// of the engine, and these reads are the API's hottest.
function profile (c: Customer): Record<string, unknown> {
  const out = particulars(c)
  out.addressList = c.addressList
  out.emails = c.emails
  out.phones = c.phones
  return out
}

/** A read of one part of the caller's customer. */
const view = (part: (c: Customer) => unknown): HandlerFactory => () => (request, _reply, data) => part(customerOf(request, data))

export const getProfile = view(profile)
export const getBasic = view(particulars)
export const getAddresses = view((c) => ({ addressList: c.addressList }))
export const getEmails = view((c) => ({ emails: c.emails }))
export const getPhones = view((c) => ({ phones: c.phones }))
// The partner channel always names a partner segment.
export const getPartnerProfile = view((c) => {
  const out = profile(c)
  // Where the record has no segment, the field comes last (the record's order otherwise).
  out.partnerCustomerSegment = c.partnerCustomerSegment ?? 'STANDARD'
  return out
})
