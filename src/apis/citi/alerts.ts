import type { HandlerFactory } from '../../engine/handler-types.js'
import { copyOf, customerOf, invalidField, saveCustomer, type Alert, type AlertsProfile, type Customer } from './customer.js'

interface Subscription { alertCode: string, action: 'SUBSCRIBE' | 'UNSUBSCRIBE' | 'UPDATE', deliveryChannels?: string[], thresholdAmount?: number }
interface ManageBody { alertsProfile?: AlertsProfile, subscriptions?: Subscription[] }

function alertsOf (c: Customer, status?: string): Record<string, unknown> {
  return { alertsProfile: c.alertsProfile, alerts: status === undefined ? c.alerts : c.alerts.filter((a) => a.enrollmentStatus === status) }
}

/** GET /v1/customers/alerts?enrollmentStatus= */
export const getAlerts: HandlerFactory = () => (request, _reply, data) =>
  alertsOf(customerOf(request, data), (request.query as { enrollmentStatus?: string }).enrollmentStatus)

/** GET /v1/customers/alerts/history?pageNumber=&pageSize=: newest first. */
export const getAlertHistory: HandlerFactory = () => (request, _reply, data) => {
  const { pageNumber, pageSize } = request.query as { pageNumber: number, pageSize: number }
  const all = [...customerOf(request, data).alertHistory].sort((a, b) => String(b.sentDateTime).localeCompare(String(a.sentDateTime)))
  return {
    alertHistory: all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    pageNumber,
    pageSize,
    totalRecords: all.length,
    totalPages: Math.ceil(all.length / pageSize),
  }
}

function applyProfile (c: Customer, profile: AlertsProfile): void {
  if (profile.preferredEmailKey !== undefined && !c.emails.some((e) => e.emailKey === profile.preferredEmailKey)) {
    throw invalidField(`preferredEmailKey ${profile.preferredEmailKey} is not one of the customer's emails`, '/alertsProfile/preferredEmailKey')
  }
  if (profile.preferredPhoneKey !== undefined && !c.phones.some((p) => p.phoneKey === profile.preferredPhoneKey)) {
    throw invalidField(`preferredPhoneKey ${profile.preferredPhoneKey} is not one of the customer's phones`, '/alertsProfile/preferredPhoneKey')
  }
  c.alertsProfile = { ...c.alertsProfile, ...profile }
}

function applySubscription (alert: Alert, s: Subscription, at: string): void {
  if (s.action === 'UNSUBSCRIBE') {
    alert.enrollmentStatus = 'ELIGIBLE'
    alert.deliveryChannels = []
    return
  }
  if (s.action === 'UPDATE' && alert.enrollmentStatus !== 'ENROLLED') throw invalidField(`alert ${alert.alertCode} is not enrolled; SUBSCRIBE first`, `${at}/action`)
  if (s.action === 'SUBSCRIBE') {
    if (s.deliveryChannels === undefined) throw invalidField('deliveryChannels is required to SUBSCRIBE', `${at}/deliveryChannels`)
    alert.enrollmentStatus = 'ENROLLED'
  }
  if (s.deliveryChannels !== undefined) alert.deliveryChannels = s.deliveryChannels
  if (s.thresholdAmount !== undefined) {
    if (alert.thresholdAmount === undefined) throw invalidField(`alert ${alert.alertCode} takes no threshold`, `${at}/thresholdAmount`)
    alert.thresholdAmount = s.thresholdAmount
  }
}

/** PUT /v1/communications/alerts/profilesAndSubscriptions: answers the alerts as GET shows them from now on. */
export const manageAlerts: HandlerFactory = () => (request, _reply, data) => data.transact((tx) => {
  const body = request.body as ManageBody
  const changed = copyOf(customerOf(request, tx))
  if (body.alertsProfile !== undefined) applyProfile(changed, body.alertsProfile)
  body.subscriptions?.forEach((s, i) => {
    const alert = changed.alerts.find((a) => a.alertCode === s.alertCode)
    if (alert === undefined) {
      throw invalidField(`alertCode ${s.alertCode} is not an alert of the customer; one of: ${changed.alerts.map((a) => a.alertCode).join(', ')}`, 'alertCode')
    }
    applySubscription(alert, s, `/subscriptions/${i}`)
  })
  saveCustomer(tx, changed)
  return alertsOf(changed)
})
