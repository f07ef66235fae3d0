import { randomBytes } from 'node:crypto'
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
  return ({ row, clock }) => {
    const lifetime = wholeExtension(row, 'x-sandbox-control-flow-minutes', DEFAULT_MINUTES, 'minutes') * 60_000
    return async (request, _reply, data) => {
      const customer = customerOf(request, data)
      const changes = (request.body as Record<string, T[]>)[kind.list] ?? []
      kind.apply(customer[kind.list] as T[], changes)
      const controlFlowId = randomBytes(16).toString('hex')
      const flow: ControlFlow = { kind: kind.list, customerId: customer.customerId, changes, expiresAt: clock() + lifetime }
      await data.put(FLOWS, controlFlowId, flow)
      return { controlFlowId }
    }
  }
}

/** POST …/confirmation: the pending change with the one-time password is applied; the flow is then used up. */
function confirm<T> (kind: ContactKind<T>): HandlerFactory {
  return ({ clock }) => async (request, _reply, data) => {
    const customer = customerOf(request, data)
    const { controlFlowId, otp } = request.body as { controlFlowId: string, otp?: string }
    const flow = data.get(FLOWS, controlFlowId) as ControlFlow | undefined
    if (flow === undefined || flow.kind !== kind.list || flow.customerId !== customer.customerId) {
      throw flowProblem('invalidControlFlowId', `controlFlowId '${controlFlowId}' is not a pending ${kind.list} change of this customer (unknown or already used)`)
    }
    if (flow.expiresAt <= clock()) {
      await data.remove(FLOWS, controlFlowId)
      throw flowProblem('invalidControlFlowId', `controlFlowId '${controlFlowId}' has expired; send the change again`)
    }
    if (otp === undefined || otp === '') throw flowProblem('mfaRequired', `the change needs the one-time password sent to the customer (the sandbox's is ${SANDBOX_OTP})`, 'otp')
    if (otp !== SANDBOX_OTP) throw flowProblem('transactionDenied', 'the one-time password is wrong', 'otp')
    const changed: Customer = copyOf(customer)
    ;(changed[kind.list] as T[]) = kind.apply(customer[kind.list] as T[], flow.changes as T[])
    await data.remove(FLOWS, controlFlowId)
    await saveCustomer(data, changed)
    return { [kind.list]: changed[kind.list] }
  }
}

export const startEmailUpdate = start(emails)
export const confirmEmailUpdate = confirm(emails)
export const startPhoneUpdate = start(phones)
export const confirmPhoneUpdate = confirm(phones)
