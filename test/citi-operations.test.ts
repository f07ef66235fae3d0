import t from 'tap'
import { sandbox } from './helpers.js'
import { CLIENT, SECRET, citiHeaders, clientToken } from './citi-helpers.js'

// The 19 operations of the seed's list, each with a request that succeeds for customer 1001 and its scope.
const OPERATIONS: Array<{ method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, scope: string, body?: unknown, status?: number }> = [
  { method: 'GET', url: '/v1/customers/profiles', scope: 'customers_profiles' },
  { method: 'GET', url: '/v1/customers/profiles/addresses', scope: 'customers_profiles' },
  { method: 'GET', url: '/v1/customers/profiles/basic', scope: 'customers_profiles' },
  { method: 'GET', url: '/v1/customers/profiles/emails', scope: 'customers_profiles' },
  { method: 'PUT', url: '/v1/customers/profiles/emails', scope: 'customers_profiles', body: { emails: [{ emailAddress: 'x@example.com' }] } },
  { method: 'GET', url: '/v1/customers/profiles/phoneNumbers', scope: 'customers_profiles' },
  { method: 'PUT', url: '/v1/customers/profiles/phoneNumbers', scope: 'customers_profiles', body: { phones: [{ phoneNumber: '0299998888' }] } },
  { method: 'GET', url: '/v1/customers/alerts', scope: 'customers_alerts' },
  { method: 'GET', url: '/v1/customers/alerts/history', scope: 'customers_alerts' },
  { method: 'GET', url: '/partner/v1/customers/profiles', scope: 'customers_profiles' },
  { method: 'POST', url: '/v1/customers/profiles/phoneNumbers/confirmation', scope: 'customers_profiles', body: { controlFlowId: 'PHONES', otp: '123456' } },
  { method: 'POST', url: '/v1/customers/profiles/emails/confirmation', scope: 'customers_profiles', body: { controlFlowId: 'EMAILS', otp: '123456' } },
  { method: 'DELETE', url: '/v1/customers/profile/images', scope: 'customers_profiles', status: 204 },
  { method: 'PUT', url: '/v1/customers/profile/images', scope: 'customers_profiles', body: { profileImage: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNgYGAAAAAEAAH2FzhVAAAAAElFTkSuQmCC' } },
  { method: 'GET', url: '/v1/customers/profile/images', scope: 'customers_profiles' },
  { method: 'PUT', url: '/v1/offers', scope: 'offers', body: { offerId: 'OFR-1001-BT', offerStatus: 'VIEWED' } },
  { method: 'POST', url: '/v1/sales/customers/offers/fulfillments', scope: 'offers', body: { offerId: 'OFR-1001-CLI' } },
  { method: 'PUT', url: '/v1/communications/alerts/profilesAndSubscriptions', scope: 'customers_alerts', body: { alertsProfile: { alertsEnabledFlag: false } } },
  { method: 'GET', url: '/v1/cards/accounts/5200987698761001/addresses', scope: 'cards' },
]

t.test('all 19 operations answer with a valid token, in order (the PUTs\' flows are then confirmed)', async (t) => {
  t.equal(OPERATIONS.length, 19)
  const s = await sandbox(t)
  const token = await clientToken(t, s)
  const flows: Record<string, string> = {}
  for (const op of OPERATIONS) {
    let body = op.body as Record<string, unknown> | undefined
    if (body?.controlFlowId !== undefined) body = { ...body, controlFlowId: flows[body.controlFlowId as string] }
    const res = await s.inject({ method: op.method, url: op.url, headers: citiHeaders(token), ...(body === undefined ? {} : { payload: body }) })
    t.equal(res.statusCode, op.status ?? 200, `${op.method} ${op.url}`)
    if (op.url.endsWith('/emails') && op.method === 'PUT') flows.EMAILS = res.json().controlFlowId
    if (op.url.endsWith('/phoneNumbers') && op.method === 'PUT') flows.PHONES = res.json().controlFlowId
  }
})

t.test('on all 19 operations: no token → 401, no uuid → 400, a token without the scope → 403', async (t) => {
  const s = await sandbox(t)
  const full = await clientToken(t, s)
  const narrow = { customers_profiles: await clientToken(t, s, CLIENT, SECRET, 'cards'), other: await clientToken(t, s, CLIENT, SECRET, 'customers_profiles') }
  for (const op of OPERATIONS) {
    const name = `${op.method} ${op.url}`
    const payload = op.body === undefined ? {} : { payload: op.body as Record<string, unknown> }
    const { authorization: _a, ...noToken } = citiHeaders(full)
    const unauthorized = await s.inject({ method: op.method, url: op.url, headers: noToken, ...payload })
    t.same([unauthorized.statusCode, unauthorized.json()], [401, { type: 'error', code: 'unAuthorized', details: "header 'Authorization' is required", location: 'Authorization' }], name)
    const { uuid: _u, ...noUuid } = citiHeaders(full)
    const invalid = await s.inject({ method: op.method, url: op.url, headers: noUuid, ...payload })
    t.same([invalid.statusCode, invalid.json()], [400, { type: 'invalid', code: 'invalidRequest', details: "header 'uuid' is required", location: 'uuid' }], name)
    const token = op.scope === 'customers_profiles' ? narrow.customers_profiles : narrow.other
    const forbidden = await s.inject({ method: op.method, url: op.url, headers: citiHeaders(token), ...payload })
    t.same([forbidden.statusCode, forbidden.json()], [403, { type: 'error', code: 'accessNotConfigured', details: `the access token lacks the scope ${op.scope}`, location: 'Authorization' }], name)
  }
})
