import type { Behaviours } from '../../engine/handler-types.js'
import { getAlertHistory, getAlerts, manageAlerts } from './alerts.js'
import { authorizeLogin, authorizePage } from './authorize.js'
import { getCardAddresses } from './cards.js'
import { confirmEmailUpdate, confirmPhoneUpdate, startEmailUpdate, startPhoneUpdate } from './control-flows.js'
import { deleteImage, getImage, putImage } from './images.js'
import { authorizationCodeToken, clientCredentialsToken, refreshToken, revokeToken } from './oauth-token.js'
import { fulfillOffer, updateOffer } from './offers.js'
import { getAddresses, getBasic, getEmails, getPartnerProfile, getPhones, getProfile } from './profiles.js'

export const citi: Behaviours = {
  clientCredentialsToken,
  authorizationCodeToken,
  refreshToken,
  revokeToken,
  authorizePage,
  authorizeLogin,
  getProfile,
  getAddresses,
  getBasic,
  getEmails,
  getPhones,
  getPartnerProfile,
  startEmailUpdate,
  confirmEmailUpdate,
  startPhoneUpdate,
  confirmPhoneUpdate,
  getImage,
  putImage,
  deleteImage,
  getAlerts,
  getAlertHistory,
  manageAlerts,
  updateOffer,
  fulfillOffer,
  getCardAddresses,
}
