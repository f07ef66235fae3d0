import type { Finisher } from '../../data/types.js'
import type { Behaviours } from '../../engine/handler-types.js'
import { imiconnectCustomer } from './generate.js'
import { getCustomerProfile, getCustomerProfiles } from './profiles.js'

export const imiconnect: Behaviours = { getCustomerProfile, getCustomerProfiles }

export const imiconnectFinishers: Readonly<Record<string, Finisher>> = { imiconnectCustomer }
