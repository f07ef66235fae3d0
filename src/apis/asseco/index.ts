import type { Behaviours } from '../../engine/handler-types.js'
import { listContactPreferences, registerContactPreferences } from './contact-preferences.js'
import { requestToken } from './token.js'

export const asseco: Behaviours = { listContactPreferences, registerContactPreferences, requestToken }
