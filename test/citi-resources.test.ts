import { deflateSync } from 'node:zlib'
import t, { type Test } from 'tap'
import { sandbox } from './helpers.js'
import { CLIENT_2, SECRET_2, citiCaller, citiHeaders } from './citi-helpers.js'

const IMAGE = '/v1/customers/profile/images'
const ONE_PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNgYGAAAAAEAAH2FzhVAAAAAElFTkSuQmCC'
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF\0'), Buffer.alloc(40, 1), Buffer.from([0xff, 0xd9])]).toString('base64')

/** Each case's PUT answers 400 invalidRequest with the case's details and location. */
async function refused (t: Test, c: Awaited<ReturnType<typeof citiCaller>>, url: string, cases: Array<[unknown, string, string]>): Promise<void> {
  for (const [payload, details, location] of cases) {
    const res = await c.send('PUT', url, payload)
    t.equal(res.statusCode, 400, details)
    t.same(res.json(), { type: 'invalid', code: 'invalidRequest', details, location }, details)
  }
}

t.test('profile image: demo customers start with one; PUT replaces it, DELETE removes it, then 404', async (t) => {
  const s = await sandbox(t, { clock: () => Date.parse('2026-11-02T10:00:00Z') })
  const c = await citiCaller(t, s)
  const start = await c.get(IMAGE)
  t.equal(start.statusCode, 200)
  t.match(start.json(), { imageType: 'PNG', lastUpdatedDateTime: '2026-09-14T02:30:00Z' })
  t.equal(Buffer.from(start.json().profileImage, 'base64').length, start.json().imageSizeInBytes)

  const put = await c.send('PUT', IMAGE, { profileImage: JPEG })
  t.equal(put.statusCode, 200)
  t.same(put.json(), { imageType: 'JPEG', imageSizeInBytes: Buffer.from(JPEG, 'base64').length, lastUpdatedDateTime: '2026-11-02T10:00:00.000Z' })
  t.same((await c.get(IMAGE)).json(), { ...put.json(), profileImage: JPEG })
  t.equal((await c.send('PUT', IMAGE, { profileImage: ONE_PIXEL_PNG })).json().imageType, 'PNG', 'the spec\'s example works as-is')

  const del = await c.send('DELETE', IMAGE)
  t.equal(del.statusCode, 204)
  t.equal(del.body, '')
  const gone = await c.get(IMAGE)
  t.equal(gone.statusCode, 404)
  t.same(gone.json(), { type: 'error', code: 'resourceNotFound', details: 'the customer has no profile image' })
  t.equal((await c.send('DELETE', IMAGE)).statusCode, 404)

  const other = await citiCaller(t, s, CLIENT_2, SECRET_2)
  t.equal((await other.get(IMAGE)).statusCode, 200, 'the other tenant still has it')
})

t.test('profile image: the bytes decide, and size is limited', async (t) => {
  const s = await sandbox(t)
  const c = await citiCaller(t, s)
  const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1').toString('base64')
  const big = Buffer.concat([Buffer.from(ONE_PIXEL_PNG, 'base64').subarray(0, 33), deflateSync(Buffer.alloc(10)), Buffer.alloc(262_200)]).toString('base64')
  const cases: Array<[unknown, string, string]> = [
    [{ profileImage: gif }, "body field 'profileImage' is neither a PNG nor a JPEG image", 'profileImage'],
    [{ profileImage: 'not base64!' }, "body field 'profileImage' must be base64", 'profileImage'],
    [{ profileImage: big }, `body field 'profileImage' is ${Buffer.from(big, 'base64').length} bytes; at most 262144 are accepted`, 'profileImage'],
    [{ image: ONE_PIXEL_PNG }, "body field '/profileImage' is required", 'profileImage'],
  ]
  await refused(t, c, IMAGE, cases)
})

t.test('alerts: enrolled and eligible, filtered; management changes what GET answers', async (t) => {
  const s = await sandbox(t)
  const c = await citiCaller(t, s)
  const all = (await c.get('/v1/customers/alerts')).json()
  t.same(all.alertsProfile, { alertsEnabledFlag: true, preferredEmailKey: 1, preferredPhoneKey: 2 })
  t.same(all.alerts.filter((a: { enrollmentStatus: string }) => a.enrollmentStatus === 'ENROLLED').map((a: { alertCode: string }) => a.alertCode), ['LOW_BALANCE', 'NEW_DEVICE_LOGIN'])
  const eligible = (await c.get('/v1/customers/alerts?enrollmentStatus=ELIGIBLE')).json().alerts
  t.equal(eligible.length, 4)
  const change = await c.send('PUT', '/v1/communications/alerts/profilesAndSubscriptions', {
    alertsProfile: { preferredEmailKey: 2 },
    subscriptions: [
      { alertCode: 'LARGE_TRANSACTION', action: 'SUBSCRIBE', deliveryChannels: ['SMS'], thresholdAmount: 500 },
      { alertCode: 'LOW_BALANCE', action: 'UNSUBSCRIBE' },
      { alertCode: 'NEW_DEVICE_LOGIN', action: 'UPDATE', deliveryChannels: ['PUSH', 'EMAIL'] },
    ],
  })
  t.equal(change.statusCode, 200)
  const after = (await c.get('/v1/customers/alerts')).json()
  t.same(change.json(), after, 'the answer is what GET shows from now on')
  t.equal(after.alertsProfile.preferredEmailKey, 2)
  t.match(after.alerts.find((a: { alertCode: string }) => a.alertCode === 'LARGE_TRANSACTION'), { enrollmentStatus: 'ENROLLED', deliveryChannels: ['SMS'], thresholdAmount: 500 })
  t.match(after.alerts.find((a: { alertCode: string }) => a.alertCode === 'LOW_BALANCE'), { enrollmentStatus: 'ELIGIBLE', deliveryChannels: [] })
  t.same(after.alerts.find((a: { alertCode: string }) => a.alertCode === 'NEW_DEVICE_LOGIN').deliveryChannels, ['PUSH', 'EMAIL'])
})

t.test('alert management refuses what does not fit the customer', async (t) => {
  const s = await sandbox(t)
  const c = await citiCaller(t, s)
  const url = '/v1/communications/alerts/profilesAndSubscriptions'
  const cases: Array<[unknown, string, string]> = [
    [{ subscriptions: [{ alertCode: 'LOTTO_WIN', action: 'SUBSCRIBE', deliveryChannels: ['SMS'] }] }, "alertCode LOTTO_WIN is not an alert of the customer; one of: LARGE_TRANSACTION, LOW_BALANCE, PAYMENT_DUE, PAYMENT_RECEIVED, NEW_DEVICE_LOGIN, CARD_NOT_PRESENT", 'alertCode'],
    [{ subscriptions: [{ alertCode: 'PAYMENT_DUE', action: 'UPDATE', deliveryChannels: ['SMS'] }] }, 'alert PAYMENT_DUE is not enrolled; SUBSCRIBE first', 'subscriptions[0].action'],
    [{ subscriptions: [{ alertCode: 'PAYMENT_DUE', action: 'SUBSCRIBE' }] }, 'deliveryChannels is required to SUBSCRIBE', 'subscriptions[0].deliveryChannels'],
    [{ alertsProfile: { preferredPhoneKey: 9 } }, "preferredPhoneKey 9 is not one of the customer's phones", 'alertsProfile.preferredPhoneKey'],
    [{}, "body must NOT have fewer than 1 properties", 'body'],
    [{ subscriptions: [{ alertCode: 'PAYMENT_DUE', action: 'MUTE' }] }, "body field '/subscriptions/0/action' must be one of: \"SUBSCRIBE\", \"UNSUBSCRIBE\", \"UPDATE\"", 'subscriptions[0].action'],
  ]
  await refused(t, c, url, cases)
})

t.test('alert history: newest first, paged, totals', async (t) => {
  const s = await sandbox(t)
  const c = await citiCaller(t, s)
  const first = (await c.get('/v1/customers/alerts/history')).json()
  t.match(first, { pageNumber: 1, pageSize: 10, totalRecords: 23, totalPages: 3 })
  t.equal(first.alertHistory.length, 10)
  const times = first.alertHistory.map((h: { sentDateTime: string }) => h.sentDateTime)
  t.same(times, [...times].sort().reverse())
  const last = (await c.get('/v1/customers/alerts/history?pageNumber=3&pageSize=10')).json()
  t.equal(last.alertHistory.length, 3)
  t.equal((await c.get('/v1/customers/alerts/history?pageNumber=9')).json().alertHistory.length, 0)
  const bad = await c.get('/v1/customers/alerts/history?pageSize=500')
  t.equal(bad.statusCode, 400)
  t.same(bad.json(), { type: 'invalid', code: 'invalidRequest', details: "query parameter 'pageSize' must be <= 50", location: 'pageSize' })
})

t.test('offers move through their states; fulfilment makes them FULFILLED', async (t) => {
  const s = await sandbox(t)
  const c = await citiCaller(t, s)
  const accepted = await c.send('PUT', '/v1/offers', { offerId: 'OFR-1001-BT', offerStatus: 'ACCEPTED' })
  t.equal(accepted.statusCode, 200)
  t.match(accepted.json(), { offerId: 'OFR-1001-BT', offerType: 'BALANCE_TRANSFER', offerStatus: 'ACCEPTED' })
  const again = await c.send('PUT', '/v1/offers', { offerId: 'OFR-1001-BT', offerStatus: 'DECLINED' })
  t.same(again.json(), { type: 'invalid', code: 'invalidRequest', details: "offer 'OFR-1001-BT' is ACCEPTED and cannot become DECLINED", location: 'offerStatus' })

  const fulfil = await c.send('POST', '/v1/sales/customers/offers/fulfillments', { offerId: 'OFR-1001-CLI', accountId: '4000123412341001' })
  t.equal(fulfil.statusCode, 200)
  t.match(fulfil.json(), { offerId: 'OFR-1001-CLI', accountId: '4000123412341001', offerStatus: 'FULFILLED', fulfillmentStatus: 'COMPLETED', fulfillmentId: /^FUL-[0-9A-F]{12}$/ })
  const twice = await c.send('POST', '/v1/sales/customers/offers/fulfillments', { offerId: 'OFR-1001-CLI' })
  t.same(twice.json(), { type: 'invalid', code: 'invalidRequest', details: "offer 'OFR-1001-CLI' is FULFILLED and cannot be fulfilled", location: 'offerId' })
  t.equal((await c.send('PUT', '/v1/offers', { offerId: 'OFR-1001-CLI', offerStatus: 'VIEWED' })).statusCode, 400, 'a fulfilled offer cannot change')
  t.equal((await c.send('POST', '/v1/sales/customers/offers/fulfillments', { offerId: 'OFR-1001-UPG' })).json().details, "offer 'OFR-1001-UPG' is DECLINED and cannot be fulfilled")

  const unknown = await c.send('PUT', '/v1/offers', { offerId: 'OFR-9', offerStatus: 'VIEWED' })
  t.equal(unknown.statusCode, 404)
  t.same(unknown.json(), { type: 'error', code: 'resourceNotFound', details: "offer 'OFR-9' not found among the customer's offers", location: 'offerId' })
  const account = await c.send('POST', '/v1/sales/customers/offers/fulfillments', { offerId: 'OFR-1001-BT', accountId: '4000555566661002' })
  t.equal(account.statusCode, 404)
  t.equal(account.json().location, 'accountId')
  const other = await citiCaller(t, s, CLIENT_2, SECRET_2)
  t.equal((await other.send('POST', '/v1/sales/customers/offers/fulfillments', { offerId: 'OFR-1001-CLI' })).statusCode, 200, 'the other tenant\'s offer is untouched')
})

t.test('card addresses: only for the customer\'s own accounts', async (t) => {
  const s = await sandbox(t)
  const c = await citiCaller(t, s)
  const res = await c.get('/v1/cards/accounts/4000123412341001/addresses')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.accountId, '4000123412341001')
  t.match(body.cardToAddress, { city: 'Abbeywood', postalCode: 'QLD 4613' })
  t.match(body.billToAddress, { addressType: 'MAILING_ADDRESS', city: 'Kingaroy' })
  const other = await c.get('/v1/cards/accounts/4000555566661002/addresses')
  t.equal(other.statusCode, 404)
  t.same(other.json(), { type: 'error', code: 'resourceNotFound', details: "card account '4000555566661002' not found among the customer's accounts", location: 'accountId' })
  const bad = await c.get('/v1/cards/accounts/not-a-card/addresses')
  t.equal(bad.statusCode, 400)
  t.equal(bad.json().location, 'accountId')
})

t.test('profile image: the raw bytes may be the body (image/png, image/jpeg); the bytes still decide', async (t) => {
  const s = await sandbox(t)
  const c = await citiCaller(t, s)
  const png = Buffer.from(ONE_PIXEL_PNG, 'base64')
  const put = (type: string, payload: Buffer) => s.inject({ method: 'PUT', url: IMAGE, headers: { ...citiHeaders(c.token), 'content-type': type }, payload })
  const res = await put('image/png', png)
  t.equal(res.statusCode, 200)
  t.match(res.json(), { imageType: 'PNG', imageSizeInBytes: png.length })
  t.equal((await c.get(IMAGE)).json().profileImage, ONE_PIXEL_PNG)
  t.equal((await put('image/jpeg', Buffer.from(JPEG, 'base64'))).json().imageType, 'JPEG')
  t.equal((await put('image/jpeg', png)).json().imageType, 'PNG', 'named JPEG, but the bytes are a PNG')
  const gif = await put('image/png', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'))
  t.equal(gif.statusCode, 400)
  t.same(gif.json(), { type: 'invalid', code: 'invalidRequest', details: 'body is neither a PNG nor a JPEG image', location: 'body' })
  const other = await put('image/gif', png)
  t.same(other.json(), { type: 'invalid', code: 'invalidRequest', details: "Content-Type 'image/gif' is not accepted; send application/json or image/png or image/jpeg", location: 'Content-Type' })
})
