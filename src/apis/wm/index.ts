import type { Behaviours } from '../../engine/handler-types.js'
import { createTicket } from './create-ticket.js'

export const wm: Behaviours = { createTicket }
