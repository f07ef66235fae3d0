import { wholeExtension } from '../../engine/extensions.js'
import type { HandlerFactory } from '../../engine/handler-types.js'
import { Problem } from '../../engine/problems.js'
import { copyOf, customerOf, saveCustomer, type Customer } from './customer.js'
import { emails, phones, type ContactKind } from './contacts.js'

/** The sandbox's one-time password: fixed and documented, so flows can be confirmed by hand and in tests. */
export const SANDBOX_OTP = '123456'

const FLOWS = 'controlFlows'
const DEFAULT_MINUTES = 10

/** A change waiting for its confirmation, kept in the tenant's data (so it survives a restart). */
interface ControlFlow { kind: string, customerId: string, changes: unknown[], expiresAt: number }

function flowProblem (code: string, message: string, name = 'controlFlowId'): Problem {
  return new Problem('business-rule', message, { field: { in: 'body', name }, code })
}

/** PUT …/emails and …/phoneNumbers: checks the change against the customer's list and keeps it pending. */
function start<T> (kind: ContactKind<T>): HandlerFactory {
  return ({ row, clock, uuid }) => {
    const lifetime = wholeExtension(row, 'x-sandbox-control-flow-minutes', DEFAULT_MINUTES, 'minutes') * 60_000
    return (request, _reply, data) => data.transact((tx) => {
      const customer = customerOf(request, tx)
      const changes = (request.body as Record<string, T[]>)[kind.list] ?? []
      kind.apply(customer[kind.list] as T[], changes)
      // From the sandbox's UUID sequence: reproducible under --seed. 32 hex digits, as Citi's.
      const controlFlowId = uuid().replace(/-/g, '')
      const flow: ControlFlow = { kind: kind.list, customerId: customer.customerId, changes, expiresAt: clock() + lifetime }
      tx.put(FLOWS, controlFlowId, flow)
      return { controlFlowId }
    })
  }
}

/** POST …/confirmation: the pending change with the one-time password is applied; the flow is then used up. */
function confirm<T> (kind: ContactKind<T>): HandlerFactory {
  return ({ clock }) => async (request, _reply, data) => {
    const { controlFlowId, otp } = request.body as { controlFlowId: string, otp?: string }
    // Read, check and change in one transaction: two confirmations at once each see the other's change.
    const answer = await data.transact((tx): Problem | Record<string, unknown> => {
      const customer = customerOf(request, tx)
      const flow = tx.get(FLOWS, controlFlowId) as ControlFlow | undefined
      if (flow === undefined || flow.kind !== kind.list || flow.customerId !== customer.customerId) {
        throw flowProblem('invalidControlFlowId', `controlFlowId '${controlFlowId}' is not a pending ${kind.list} change of this customer (unknown or already used)`)
      }
      if (flow.expiresAt <= clock()) {
        // The expired flow is removed, and the client is told so once the removal is kept.
        tx.remove(FLOWS, controlFlowId)
        return flowProblem('invalidControlFlowId', `controlFlowId '${controlFlowId}' has expired; send the change again`)
      }
      if (otp === undefined || otp === '') throw flowProblem('mfaRequired', `the change needs the one-time password sent to the customer (the sandbox's is ${SANDBOX_OTP})`, 'otp')
      if (otp !== SANDBOX_OTP) throw flowProblem('transactionDenied', 'the one-time password is wrong', 'otp')
      const changed: Customer = copyOf(customer)
      ;(changed[kind.list] as T[]) = kind.apply(customer[kind.list] as T[], flow.changes as T[])
      tx.remove(FLOWS, controlFlowId)
      saveCustomer(tx, changed)
      return { [kind.list]: changed[kind.list] }
    })
    if (answer instanceof Problem) throw answer
    return answer
  }
}

export const startEmailUpdate = start(emails)
export const confirmEmailUpdate = confirm(emails)
export const startPhoneUpdate = start(phones)
export const confirmPhoneUpdate = confirm(phones)
