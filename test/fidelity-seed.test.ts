// Issue 14: under --seed and a frozen --clock, two sandboxes answer the same calls with the
// same bytes, Citi's control flow ids, fulfilment ids and timestamps included.
import t from 'tap'
import { readConfig } from '../src/config.js'
import { OptionsError } from '../src/server.js'
import { sandbox } from './helpers.js'
import { citiCaller } from './citi-helpers.js'

const CLOCK = '2026-01-01T09:30:00Z'

/** One Citi session: the answers of its id- and time-bearing calls. */
async function session (t: Parameters<typeof sandbox>[0], seed: number, clock: string): Promise<string[]> {
  const { options } = readConfig(['--seed', String(seed), '--clock', clock], {})
  const s = await sandbox(t, { seed: options.seed!, clock: options.clock })
  const citi = await citiCaller(t, s)
  const answers: string[] = []
  const put = await citi.send('PUT', '/v1/customers/profiles/emails', { emails: [{ emailKey: 1, emailAddress: 'olivia.new@example.com.au', preferredEmailFlag: true, emailType: 'PERSONAL' }] })
  t.equal(put.statusCode, 200)
  t.match(put.json(), { controlFlowId: /^[0-9a-f]{32}$/ })
  answers.push(put.body)
  const confirmed = await citi.send('POST', '/v1/customers/profiles/emails/confirmation', { controlFlowId: put.json().controlFlowId, otp: '123456' })
  t.equal(confirmed.statusCode, 200)
  answers.push(confirmed.body)
  const offer = await citi.send('PUT', '/v1/offers', { offerId: 'OFR-1001-BT', offerStatus: 'ACCEPTED' })
  t.equal(offer.statusCode, 200)
  answers.push(offer.body)
  const fulfilled = await citi.send('POST', '/v1/sales/customers/offers/fulfillments', { offerId: 'OFR-1001-CLI', accountId: '4000123412341001' })
  t.equal(fulfilled.statusCode, 200)
  t.match(fulfilled.json(), { fulfillmentId: /^FUL-[0-9A-F]{12}$/, fulfillmentDateTime: '2026-01-01T09:30:00.000Z' })
  answers.push(fulfilled.body)
  return answers
}

t.test('the same --seed and --clock answer the same bytes; another seed other ids', async (t) => {
  const first = await session(t, 11, CLOCK)
  t.same(await session(t, 11, CLOCK), first, 'a second run with the same seed and clock')
  const other = await session(t, 12, CLOCK)
  t.not(other[0], first[0], 'another seed, another control flow id')
  t.not(other[3], first[3], 'another seed, another fulfilment id')
})

t.test('--clock / SANDBOX_CLOCK freezes the clock; a bad value is a one-line options error', async (t) => {
  t.equal(readConfig(['--clock', CLOCK], {}).options.clock(), Date.parse(CLOCK))
  t.equal(readConfig([], { SANDBOX_CLOCK: '2026-01-01T10:30:00+01:00' }).options.clock(), Date.parse(CLOCK))
  const real = readConfig([], {}).options.clock()
  t.ok(Math.abs(real - Date.now()) < 5000, 'without it, the real time')
  for (const bad of ['yesterday', '2026-01-01', '2026-13-01T00:00:00Z']) {
    t.throws(() => readConfig(['--clock', bad], {}), new OptionsError(`clock must be an RFC 3339 date-time like 2026-01-01T00:00:00Z, not "${bad}"`), bad)
  }
})
