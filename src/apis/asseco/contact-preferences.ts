import type { FastifyRequest } from 'fastify'
import { Problem } from '../../engine/problems.js'
import type { HandlerFactory } from '../../engine/handler-types.js'
import { nextId } from '../../store/ids.js'
import type { TenantView } from '../../store/store.js'

const COLLECTION = 'contact-preferences'
const PARTIES = 'individual-profiles'

interface Command {
  'id'?: string
  'contact-preference-id'?: number
  'contact-id'?: number
  'party-id'?: string
  'arrangement-number'?: string
  'preferred-language': string
  'contact-purpose': string
  'start-date': string
  'end-date'?: string | null
  'opt-ins'?: string[]
  'opt-outs'?: string[]
}

interface ContactPreference { 'party-id': string, 'contact-preference-id': number }

function partyOf (request: FastifyRequest, data: TenantView): string | undefined {
  const party = (request.params as Record<string, string>)['party-number']!
  return data.get(PARTIES, party) === undefined ? undefined : party
}

/** GET …/individual-profiles/{party-number}/contact-preference: a bare array, the data set's first, the caller's last. */
export const listContactPreferences: HandlerFactory = () => (request, _reply, data) => {
  const party = partyOf(request, data)
  if (party === undefined) return undefined
  return data.list(COLLECTION).filter((p) => (p as ContactPreference)['party-id'] === party)
}

/** Every command's business rules, before anything is stored: date order, ids not yet used. */
function checkCommands (commands: Command[], array: boolean, data: TenantView): void {
  const seen = new Set<string>()
  commands.forEach((command, i) => {
    const at = (field: string) => ({ in: 'body' as const, name: array ? `/${i}/${field}` : `/${field}` })
    const end = command['end-date']
    const start = command['start-date']
    if (end !== undefined && end !== null && Date.parse(end) < Date.parse(start)) {
      throw new Problem('business-rule', `end-date ${end} is before start-date ${start}${array ? ` (command ${i})` : ''}`, {
        field: at('end-date'), code: 'end-date-before-start-date',
      })
    }
    const id = command.id
    if (id !== undefined) {
      if (seen.has(id) || data.get(COLLECTION, id) !== undefined) {
        throw new Problem('business-rule', `a contact preference with id '${id}' already exists`, { field: at('id'), code: 'duplicate-id' })
      }
      seen.add(id)
    }
  })
}

/** POST …/contact-preference: one command or an array; 201 with a record status per command. */
export const registerContactPreferences: HandlerFactory = ({ store, uuid }) => {
  // Preference numbers the sandbox gives count on from the data set's highest.
  const base = [...(store.base.get(COLLECTION)?.values() ?? [])] as ContactPreference[]
  const firstNumber = nextId(base.map((p) => p['contact-preference-id']))
  return async (request, _reply, data) => {
    const party = partyOf(request, data)
    if (party === undefined) return undefined
    const body = request.body as Command | Command[]
    const array = Array.isArray(body)
    const commands = array ? body : [body]
    // The id checks and the writes in one transaction: two bodies naming one id cannot both create it.
    return data.transact((tx) => {
      checkCommands(commands, array, tx)
      const answers = []
      for (const command of commands) {
        const id = command.id ?? uuid()
        tx.put(COLLECTION, id, {
          'id': id,
          'contact-preference-id': command['contact-preference-id'] ?? tx.allocate('contact-preference-id', firstNumber),
          // Typed integer and string by the guide: absent stays absent, never null.
          ...(command['contact-id'] === undefined ? {} : { 'contact-id': command['contact-id'] }),
          'party-id': party,
          ...(command['arrangement-number'] === undefined ? {} : { 'arrangement-number': command['arrangement-number'] }),
          'preferred-language': command['preferred-language'],
          'contact-purpose': command['contact-purpose'],
          'start-date': command['start-date'],
          'end-date': command['end-date'] ?? null,
          'opt-ins': command['opt-ins'] ?? [],
          'opt-outs': command['opt-outs'] ?? [],
        })
        answers.push({ 'id': id, 'record-status': 'created' })
      }
      return array ? answers : answers[0]
    })
  }
}
