import type { Behaviours } from '../../engine/handler-types.js'
import { listCustomerProfiles } from './list.js'
import { createCustomerProfile, deleteCustomerProfile, retrieveCustomerProfile, updateCustomerProfile } from './profile.js'

export const simpro: Behaviours = {
  listCustomerProfiles,
  createCustomerProfile,
  retrieveCustomerProfile,
  updateCustomerProfile,
  deleteCustomerProfile,
}
