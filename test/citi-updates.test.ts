import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { basic, sandbox } from './helpers.js'
import { CLIENT, CLIENT_2, SECRET, SECRET_2, citiCaller } from './citi-helpers.js'

const EMAILS = '/v1/customers/profiles/emails'
const PHONES = '/v1/customers/profiles/phoneNumbers'
const NEW_EMAIL = { emails: [{ emailKey: 1, emailAddress: 'olivia.new@example.com.au', preferredEmailFlag: true, emailType: 'PERSONAL' }] }

t.test('an email change is pending until confirmed with the OTP, then shows in every GET', async (t) => {
  const s = await sandbox(t)
  const c = await citiCaller(t, s)
  const put = await c.send('PUT', EMAILS, NEW_EMAIL)
  t.equal(put.statusCode, 200)
  const { controlFlowId } = put.json()
  t.match(controlFlowId, /^[0-9a-f]{32}$/)
  t.equal((await c.get(EMAILS)).json().emails[0].emailAddress, 'olivia.nguyen@example.com.au', 'nothing changed yet')

  const confirm = await c.send('POST', `${EMAILS}/confirmation`, { controlFlowId, otp: '123456' })
  t.equal(confirm.statusCode, 200)
  const expected = [
    { emailKey: 1, emailAddress: 'olivia.new@example.com.au', preferredEmailFlag: true, emailType: 'PERSONAL' },
    { emailKey: 2, emailAddress: 'o.nguyen@work.example.com.au', preferredEmailFlag: false, emailType: 'BUSINESS' },
  ]
  t.same(confirm.json(), { emails: expected })
  t.same((await c.get(EMAILS)).json().emails, expected)
  t.same((await c.get('/v1/customers/profiles')).json().emails, expected)
  t.same((await c.get('/partner/v1/customers/profiles')).json().emails, expected)

  const again = await c.send('POST', `${EMAILS}/confirmation`, { controlFlowId, otp: '123456' })
  t.equal(again.statusCode, 400)
  t.same(again.json(), { type: 'error', code: 'invalidControlFlowId', details: `controlFlowId '${controlFlowId}' is not a pending emails change of this customer (unknown or already used)`, location: 'controlFlowId' })
})

t.test('a new email without a key is added; a newly preferred one takes the flag', async (t) => {
  const s = await sandbox(t)
  const c = await citiCaller(t, s)
  const { controlFlowId } = (await c.send('PUT', EMAILS, { emails: [{ emailAddress: 'olivia@new.example.com', preferredEmailFlag: true }] })).json()
  const emails = (await c.send('POST', `${EMAILS}/confirmation`, { controlFlowId, otp: '123456' })).json().emails
  t.same(emails.map((e: { emailKey: number, preferredEmailFlag: boolean }) => [e.emailKey, e.preferredEmailFlag]), [[1, false], [2, false], [3, true]])
})

t.test('a phone change goes through the same two steps', async (t) => {
  const s = await sandbox(t)
  const c = await citiCaller(t, s)
  const { controlFlowId } = (await c.send('PUT', PHONES, { phones: [{ phoneKey: 2, phoneType: 'MOBILE', phoneCountryCode: '61', areaCode: '4', phoneNumber: '12998877' }] })).json()
  t.equal((await c.get(PHONES)).json().phones[1].phoneNumber, '12345678')
  const emailConfirm = await c.send('POST', `${EMAILS}/confirmation`, { controlFlowId, otp: '123456' })
  t.equal(emailConfirm.json().code, 'invalidControlFlowId', 'a phone flow is not confirmed as an email one')
  const res = await c.send('POST', `${PHONES}/confirmation`, { controlFlowId, otp: '123456' })
  t.equal(res.statusCode, 200)
  t.equal(res.json().phones[1].phoneNumber, '12998877')
  t.equal((await c.get('/v1/customers/profiles')).json().phones[1].phoneNumber, '12998877')
})

t.test('OTP problems: missing → mfaRequired, wrong → transactionDenied (the flow stays open)', async (t) => {
  const s = await sandbox(t)
  const c = await citiCaller(t, s)
  const { controlFlowId } = (await c.send('PUT', EMAILS, NEW_EMAIL)).json()
  const missing = await c.send('POST', `${EMAILS}/confirmation`, { controlFlowId })
  t.equal(missing.statusCode, 400)
  t.same(missing.json(), { type: 'error', code: 'mfaRequired', details: 'the change needs the one-time password sent to the customer (the sandbox\'s is 123456)', location: 'otp' })
  const wrong = await c.send('POST', `${EMAILS}/confirmation`, { controlFlowId, otp: '654321' })
  t.same(wrong.json(), { type: 'error', code: 'transactionDenied', details: 'the one-time password is wrong', location: 'otp' })
  t.equal((await c.send('POST', `${EMAILS}/confirmation`, { controlFlowId, otp: '123456' })).statusCode, 200)
})

t.test('an unknown or expired controlFlowId answers invalidControlFlowId', async (t) => {
  let now = Date.parse('2026-11-01T00:00:00Z')
  const s = await sandbox(t, { clock: () => now })
  const c = await citiCaller(t, s)
  const unknown = await c.send('POST', `${EMAILS}/confirmation`, { controlFlowId: '00000000000000000000000000000000', otp: '123456' })
  t.equal(unknown.statusCode, 400)
  t.equal(unknown.json().code, 'invalidControlFlowId')
  const { controlFlowId } = (await c.send('PUT', EMAILS, NEW_EMAIL)).json()
  now += 10 * 60_000
  const expired = await c.send('POST', `${EMAILS}/confirmation`, { controlFlowId, otp: '123456' })
  t.same(expired.json(), { type: 'error', code: 'invalidControlFlowId', details: `controlFlowId '${controlFlowId}' has expired; send the change again`, location: 'controlFlowId' })
})

t.test('bad changes are refused at the first step, naming the field', async (t) => {
  const s = await sandbox(t)
  const c = await citiCaller(t, s)
  const cases: Array<[string, unknown, string, string]> = [
    [EMAILS, { emails: [{ emailKey: 9, emailAddress: 'a@example.com' }] }, "emailKey 9 is not one of the customer's emails", 'emails[0].emailKey'],
    [EMAILS, { emails: [{ emailAddress: 'not-an-email' }] }, "body field '/emails/0/emailAddress' must match format \"email\"", 'emails[0].emailAddress'],
    [EMAILS, { emails: [] }, "body field '/emails' must NOT have fewer than 1 items", 'emails'],
    [EMAILS, { emails: [{ emailAddress: 'a@example.com', preferredEmailFlag: true }, { emailAddress: 'b@example.com', preferredEmailFlag: true }] }, 'only one email can be preferred', 'emails'],
    [PHONES, { phones: [{ phoneKey: 1, phoneNumber: '12' }] }, "body field '/phones/0/phoneNumber' must match pattern \"^[0-9]{4,15}$\"", 'phones[0].phoneNumber'],
    [PHONES, { phones: [{ phoneKey: 7, phoneNumber: '98765432' }] }, "phoneKey 7 is not one of the customer's phones", 'phones[0].phoneKey'],
    [PHONES, { mobile: '0412' }, "body field '/phones' is required", 'phones'],
  ]
  for (const [url, payload, details, location] of cases) {
    const res = await c.send('PUT', url, payload)
    t.equal(res.statusCode, 400, details)
    t.same(res.json(), { type: 'invalid', code: 'invalidRequest', details, location }, details)
  }
})

t.test('a change by one client is invisible to the other client\'s tenant', async (t) => {
  const s = await sandbox(t)
  const one = await citiCaller(t, s)
  const two = await citiCaller(t, s, CLIENT_2, SECRET_2)
  const { controlFlowId } = (await one.send('PUT', EMAILS, NEW_EMAIL)).json()
  const stolen = await two.send('POST', `${EMAILS}/confirmation`, { controlFlowId, otp: '123456' })
  t.equal(stolen.json().code, 'invalidControlFlowId', 'the flow belongs to the first tenant')
  await one.send('POST', `${EMAILS}/confirmation`, { controlFlowId, otp: '123456' })
  t.equal((await one.get(EMAILS)).json().emails[0].emailAddress, 'olivia.new@example.com.au')
  t.equal((await two.get(EMAILS)).json().emails[0].emailAddress, 'olivia.nguyen@example.com.au', 'same customer, other tenant: unchanged')
})

t.test('confirmed changes and pending flows persist across a restart', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'citi-'))
  t.teardown(() => rm(dataDir, { recursive: true, force: true }))
  const first = await sandbox(t, { inMemory: false, dataDir })
  const c1 = await citiCaller(t, first)
  const done = (await c1.send('PUT', EMAILS, NEW_EMAIL)).json().controlFlowId
  await c1.send('POST', `${EMAILS}/confirmation`, { controlFlowId: done, otp: '123456' })
  const pending = (await c1.send('PUT', PHONES, { phones: [{ phoneKey: 1, phoneNumber: '41620000' }] })).json().controlFlowId
  await first.app.close()

  const second = await sandbox(t, { inMemory: false, dataDir })
  const c2 = await citiCaller(t, second)
  t.equal((await c2.get(EMAILS)).json().emails[0].emailAddress, 'olivia.new@example.com.au')
  const res = await c2.send('POST', `${PHONES}/confirmation`, { controlFlowId: pending, otp: '123456' })
  t.equal(res.statusCode, 200)
  t.equal(res.json().phones[0].phoneNumber, '41620000')
})

t.test('the client\'s Basic credentials reset its tenant through the control routes', async (t) => {
  const s = await sandbox(t)
  const c = await citiCaller(t, s)
  const { controlFlowId } = (await c.send('PUT', EMAILS, NEW_EMAIL)).json()
  await c.send('POST', `${EMAILS}/confirmation`, { controlFlowId, otp: '123456' })
  const reset = await s.app.inject({ method: 'POST', url: '/__sandbox/reset?api=citi', headers: { authorization: basic(CLIENT, SECRET) } })
  t.equal(reset.statusCode, 200)
  t.same(reset.json(), { reset: ['citi:citi-demo'] })
  t.equal((await c.get(EMAILS)).json().emails[0].emailAddress, 'olivia.nguyen@example.com.au')
})
