import t from 'tap'
import { sandbox } from './helpers.js'
import { citiCaller, citiHeaders } from './citi-helpers.js'

const ABBEYWOOD = { addressKey: 1, addressType: 'HOME_ADDRESS', addressline1: '12 Ferris Street', city: 'Abbeywood', state: 'QUEENSLAND', postalCode: 'QLD 4613', countryName: 'AUSTRALIA' }
const PARTICULARS = {
  customerType: 'INDIVIDUAL',
  customerParticulars: { names: [{ firstName: 'Olivia', middleName: 'Grace', lastName: 'Nguyen', fullName: 'Olivia Grace Nguyen', nameType: 'LOCAL_NAME' }], prefix: 'MS' },
  customerSegment: 'CITIGOLD',
  partnerCustomerSegment: 'QANTAS_PREMIER',
}
const EMAILS = [
  { emailKey: 1, emailAddress: 'olivia.nguyen@example.com.au', preferredEmailFlag: true, emailType: 'PERSONAL' },
  { emailKey: 2, emailAddress: 'o.nguyen@work.example.com.au', preferredEmailFlag: false, emailType: 'BUSINESS' },
]
const PHONES = [
  { phoneKey: 1, phoneType: 'HOME', phoneCountryCode: '61', areaCode: '7', phoneNumber: '41625518' },
  { phoneKey: 2, phoneType: 'MOBILE', phoneCountryCode: '61', areaCode: '4', phoneNumber: '12345678' },
]

t.test('a client-credentials token reads its default customer\'s full profile', async (t) => {
  const s = await sandbox(t)
  const c = await citiCaller(t, s)
  const res = await c.get('/v1/customers/profiles')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.same(body.emails, EMAILS)
  t.same(body.phones, PHONES)
  t.same(body.addressList[0], ABBEYWOOD, 'the facts\' AU example address')
  t.match(body, PARTICULARS)
})

t.test('the part calls answer their part of the same customer', async (t) => {
  const s = await sandbox(t)
  const c = await citiCaller(t, s)
  t.same((await c.get('/v1/customers/profiles/basic')).json(), PARTICULARS)
  t.same((await c.get('/v1/customers/profiles/emails')).json(), { emails: EMAILS })
  t.same((await c.get('/v1/customers/profiles/phoneNumbers')).json(), { phones: PHONES })
  const addresses = (await c.get('/v1/customers/profiles/addresses')).json()
  t.same(addresses.addressList.map((a: { addressType: string }) => a.addressType), ['HOME_ADDRESS', 'MAILING_ADDRESS'])
})

t.test('the partner twin answers the same profile, always with a partner segment', async (t) => {
  const s = await sandbox(t)
  const c = await citiCaller(t, s)
  const res = await c.get('/partner/v1/customers/profiles')
  t.equal(res.statusCode, 200)
  t.same(res.json(), (await c.get('/v1/customers/profiles')).json())
})

t.test('the spec\'s response examples are customer 1001 as served, and Prefer: example= answers them', async (t) => {
  const s = await sandbox(t)
  const c = await citiCaller(t, s)
  for (const url of ['/v1/customers/profiles', '/v1/customers/profiles/addresses', '/v1/customers/profiles/basic', '/v1/customers/profiles/emails', '/v1/customers/profiles/phoneNumbers']) {
    const real = (await c.get(url)).json()
    const res = await s.inject({ url, headers: { ...citiHeaders(c.token), prefer: 'example=customer1001' } })
    t.equal(res.statusCode, 200)
    t.same(res.json(), real, url)
  }
})
