import type { HandlerFactory } from '../../engine/handler-types.js'
import { Problem } from '../../engine/problems.js'
import { customerOf } from './customer.js'

/** GET /v1/cards/accounts/{accountId}/addresses: only for the customer's own card accounts. */
export const getCardAddresses: HandlerFactory = () => (request, _reply, data) => {
  const { accountId } = request.params as { accountId: string }
  const accounts = customerOf(request, data).cardAccounts
  const account = Object.hasOwn(accounts, accountId) ? accounts[accountId] : undefined
  if (account === undefined) throw new Problem('not-found', `card account '${accountId}' not found among the customer's accounts`, { field: { in: 'path', name: 'accountId' } })
  return account
}
