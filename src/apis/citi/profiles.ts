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

function profile (c: Customer): Record<string, unknown> {
  return { ...particulars(c), addressList: c.addressList, emails: c.emails, phones: c.phones }
}

/** A read of one part of the caller's customer. */
const view = (part: (c: Customer) => unknown): HandlerFactory => () => (request, _reply, data) => part(customerOf(request, data))

export const getProfile = view(profile)
export const getBasic = view(particulars)
export const getAddresses = view((c) => ({ addressList: c.addressList }))
export const getEmails = view((c) => ({ emails: c.emails }))
export const getPhones = view((c) => ({ phones: c.phones }))
// The partner channel always names a partner segment.
export const getPartnerProfile = view((c) => ({ ...profile(c), partnerCustomerSegment: c.partnerCustomerSegment ?? 'STANDARD' }))
