import type { HandlerFactory } from '../../engine/handler-types.js'
import { Problem } from '../../engine/problems.js'
import { cardAccountOf } from './cards.js'
import { copyOf, customerOf, invalidField, saveCustomer, type Customer, type Offer } from './customer.js'

// Which states an offer may move to from each state.
const NEXT: Record<string, string[]> = {
  PRESENTED: ['VIEWED', 'ACCEPTED', 'DECLINED'],
  VIEWED: ['VIEWED', 'ACCEPTED', 'DECLINED'],
  ACCEPTED: [],
  DECLINED: [],
  FULFILLED: [],
  EXPIRED: [],
}
const FULFILLABLE = ['PRESENTED', 'VIEWED', 'ACCEPTED']

function offerOf (customer: Customer, offerId: string): { offer: Offer, index: number } {
  const index = customer.offers.findIndex((o) => o.offerId === offerId)
  if (index === -1) throw new Problem('not-found', `offer '${offerId}' not found among the customer's offers`, { field: { in: 'body', name: 'offerId' } })
  return { offer: customer.offers[index]!, index }
}

/** PUT /v1/offers: the offer moves to VIEWED, ACCEPTED or DECLINED. */
export const updateOffer: HandlerFactory = ({ clock }) => (request, _reply, data) => data.transact((tx) => {
  const { offerId, offerStatus } = request.body as { offerId: string, offerStatus: string }
  const changed = copyOf(customerOf(request, tx))
  const { offer, index } = offerOf(changed, offerId)
  if (!(NEXT[offer.offerStatus] ?? []).includes(offerStatus)) {
    throw invalidField(`offer '${offerId}' is ${offer.offerStatus} and cannot become ${offerStatus}`, 'offerStatus')
  }
  const updated = { ...offer, offerStatus, lastUpdatedDateTime: new Date(clock()).toISOString() }
  changed.offers[index] = updated
  saveCustomer(tx, changed)
  return updated
})

/** POST /v1/sales/customers/offers/fulfillments: the offer becomes FULFILLED. */
export const fulfillOffer: HandlerFactory = ({ clock, uuid }) => (request, _reply, data) => data.transact((tx) => {
  const { offerId, accountId } = request.body as { offerId: string, accountId?: string }
  const changed = copyOf(customerOf(request, tx))
  const { offer, index } = offerOf(changed, offerId)
  if (accountId !== undefined) cardAccountOf(changed, accountId, 'body')
  if (!FULFILLABLE.includes(offer.offerStatus)) throw invalidField(`offer '${offerId}' is ${offer.offerStatus} and cannot be fulfilled`, 'offerId')
  const now = new Date(clock()).toISOString()
  changed.offers[index] = { ...offer, offerStatus: 'FULFILLED', lastUpdatedDateTime: now }
  saveCustomer(tx, changed)
  return {
    // From the sandbox's UUID sequence: reproducible under --seed.
    fulfillmentId: `FUL-${uuid().replace(/-/g, '').slice(0, 12).toUpperCase()}`,
    offerId,
    ...(accountId === undefined ? {} : { accountId }),
    offerStatus: 'FULFILLED',
    fulfillmentStatus: 'COMPLETED',
    fulfillmentDateTime: now,
  }
})
