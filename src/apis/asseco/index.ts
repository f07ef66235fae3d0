import type { Finisher } from '../../data/types.js'
import type { Behaviours } from '../../engine/handler-types.js'
import { listContactPreferences, registerContactPreferences } from './contact-preferences.js'
import { assecoIndividual, assecoOrganization } from './generate.js'
import { requestToken } from './token.js'

export const asseco: Behaviours = { listContactPreferences, registerContactPreferences, requestToken }

export const assecoFinishers: Readonly<Record<string, Finisher>> = { assecoIndividual, assecoOrganization }
