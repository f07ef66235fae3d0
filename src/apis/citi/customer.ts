import type { FastifyRequest } from 'fastify'
import { Problem } from '../../engine/problems.js'
import type { TenantView, TenantWrite } from '../../store/store.js'

export interface Address { addressKey: number, [field: string]: unknown }
export interface Email { emailKey: number, emailAddress: string, preferredEmailFlag: boolean, emailType?: string }
export interface Phone { phoneKey: number, phoneNumber: string, [field: string]: unknown }
export interface Alert {
  alertCode: string
  alertName: string
  alertCategory: string
  enrollmentStatus: 'ENROLLED' | 'ELIGIBLE'
  deliveryChannels: string[]
  thresholdAmount?: number
  currencyCode?: string
}
export interface AlertsProfile { alertsEnabledFlag?: boolean, preferredEmailKey?: number, preferredPhoneKey?: number }
export interface Offer { offerId: string, offerStatus: string, [field: string]: unknown }
export interface CardAccount { accountId: string, cardToAddress: Address, billToAddress: Address, pinToAddress: Address }

/** A Citi customer as the fixtures hold it; each operation answers a part of it. */
export interface Customer {
  customerId: string
  customerType?: string
  customerSegment?: string
  partnerCustomerSegment?: string
  customerParticulars?: Record<string, unknown>
  addressList: Address[]
  emails: Email[]
  phones: Phone[]
  alertsProfile: AlertsProfile
  alerts: Alert[]
  alertHistory: Array<Record<string, unknown>>
  offers: Offer[]
  cardAccounts: Record<string, CardAccount>
}

export const CUSTOMERS = 'customers'

/** The customer the caller's token acts for; a token for a customer the data does not hold is a 404. */
export function customerOf (request: FastifyRequest, data: TenantView): Customer {
  const id = request.identity?.subject
  const customer = id === undefined ? undefined : data.get(CUSTOMERS, id) as Customer | undefined
  if (customer === undefined) {
    throw new Problem('not-found', `the access token acts for no known customer${id === undefined ? '' : ` ('${id}')`}`, { field: { in: 'header', name: 'Authorization' } })
  }
  return customer
}

/** A changeable copy of a (frozen, shared) customer record. */
export function copyOf (customer: Customer): Customer {
  return structuredClone(customer)
}

/** A body field whose value does not fit the customer's record: a 400 naming the field (a JSON pointer, or a plain name). */
export function invalidField (message: string, name: string): Problem {
  return new Problem('invalid-body', message, { field: { in: 'body', name }, reason: 'invalid-format' })
}

export function saveCustomer (tx: TenantWrite, customer: Customer): void {
  tx.put(CUSTOMERS, customer.customerId, customer)
}
