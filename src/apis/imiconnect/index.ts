import type { Behaviours } from '../../engine/handler-types.js'
import { getCustomerProfile, getCustomerProfiles } from './profiles.js'

export const imiconnect: Behaviours = { getCustomerProfile, getCustomerProfiles }
