import type { HandlerFactory } from '../../engine/handler-types.js'
import { Problem } from '../../engine/problems.js'
import { customerOf, type CardAccount, type Customer } from './customer.js'

/** One of the customer's own card accounts; any other is not found, naming the field that asked for it. */
export function cardAccountOf (customer: Customer, accountId: string, where: 'path' | 'body'): CardAccount {
  const account = Object.hasOwn(customer.cardAccounts, accountId) ? customer.cardAccounts[accountId] : undefined
  if (account === undefined) throw new Problem('not-found', `card account '${accountId}' not found among the customer's accounts`, { field: { in: where, name: 'accountId' } })
  return account
}

/** GET /v1/cards/accounts/{accountId}/addresses: only for the customer's own card accounts. */
export const getCardAddresses: HandlerFactory = () => (request, _reply, data) =>
  cardAccountOf(customerOf(request, data), (request.params as { accountId: string }).accountId, 'path')
