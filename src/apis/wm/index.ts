import type { Finisher } from '../../data/types.js'
import type { Behaviours } from '../../engine/handler-types.js'
import { createTicket } from './create-ticket.js'
import { wmCustomer } from './generate.js'

export const wm: Behaviours = { createTicket }

export const wmFinishers: Readonly<Record<string, Finisher>> = { wmCustomer }
