// Regressions: writes that raced each other, or a reset, lost acknowledged data (store findings
// 1–4). Each runs real concurrent HTTP clients against a sandbox on a data folder.
import { randomUUID } from 'node:crypto'
import { mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { tenantFileStem } from '../src/store/file-persistence.js'
import { basic } from './helpers.js'
import { dataFolder, pool, serve, type Served } from './http-helpers.js'

const ADMIN = 'test-admin-token'

async function citiToken (s: Served): Promise<Record<string, string>> {
  const res = await s.call('POST', '/clientCredentials/oauth2/token/au/gcb', {
    headers: { authorization: basic('citi-sandbox-client', 'citi-sandbox-secret') },
    form: { grant_type: 'client_credentials', scope: '/api' },
  })
  const token = (res.body as { access_token: string }).access_token
  return { authorization: `Bearer ${token}`, client_id: 'citi-sandbox-client', accept: 'application/json' }
}

t.test('Citi: an email and a phone confirmation sent at once both keep their change (20 trials)', async (t) => {
  const s = await serve(t, { dataDir: await dataFolder(t) })
  const auth = await citiToken(s)
  const headers = (): Record<string, string> => ({ ...auth, uuid: randomUUID() })
  for (let trial = 0; trial < 20; trial++) {
    const email = `trial-${trial}@example.com.au`
    const phone = `4162${String(trial).padStart(4, '0')}`
    const emailFlow = await s.call('PUT', '/v1/customers/profiles/emails', { headers: headers(), body: { emails: [{ emailKey: 1, emailAddress: email, preferredEmailFlag: true }] } })
    const phoneFlow = await s.call('PUT', '/v1/customers/profiles/phoneNumbers', { headers: headers(), body: { phones: [{ phoneKey: 1, phoneNumber: phone }] } })
    t.equal(emailFlow.status, 200)
    t.equal(phoneFlow.status, 200)
    const [a, b] = await Promise.all([
      s.call('POST', '/v1/customers/profiles/emails/confirmation', { headers: headers(), body: { controlFlowId: (emailFlow.body as { controlFlowId: string }).controlFlowId, otp: '123456' } }),
      s.call('POST', '/v1/customers/profiles/phoneNumbers/confirmation', { headers: headers(), body: { controlFlowId: (phoneFlow.body as { controlFlowId: string }).controlFlowId, otp: '123456' } }),
    ])
    t.equal(a.status, 200)
    t.equal(b.status, 200)
    const profile = await s.call('GET', '/v1/customers/profiles', { headers: headers() })
    t.equal(profile.status, 200)
    const body = profile.body as { emails: Array<{ emailKey: number, emailAddress: string }>, phones: Array<{ phoneKey: number, phoneNumber: string }> }
    t.equal(body.emails.find((e) => e.emailKey === 1)?.emailAddress, email, `trial ${trial}: the email change is kept`)
    t.equal(body.phones.find((p) => p.phoneKey === 1)?.phoneNumber, phone, `trial ${trial}: the phone change is kept`)
  }
})

t.test('Citi: a confirmation and an alerts change sent at once both keep their change (20 trials)', async (t) => {
  const s = await serve(t, { dataDir: await dataFolder(t) })
  const auth = await citiToken(s)
  const headers = (): Record<string, string> => ({ ...auth, uuid: randomUUID() })
  for (let trial = 0; trial < 20; trial++) {
    const email = `alerts-${trial}@example.com.au`
    const flow = await s.call('PUT', '/v1/customers/profiles/emails', { headers: headers(), body: { emails: [{ emailKey: 1, emailAddress: email, preferredEmailFlag: true }] } })
    const threshold = 100 + trial
    const [confirmed, alerts] = await Promise.all([
      s.call('POST', '/v1/customers/profiles/emails/confirmation', { headers: headers(), body: { controlFlowId: (flow.body as { controlFlowId: string }).controlFlowId, otp: '123456' } }),
      s.call('PUT', '/v1/communications/alerts/profilesAndSubscriptions', { headers: headers(), body: { subscriptions: [{ alertCode: 'LARGE_TRANSACTION', action: 'SUBSCRIBE', deliveryChannels: ['SMS'], thresholdAmount: threshold }] } }),
    ])
    t.equal(confirmed.status, 200)
    t.equal(alerts.status, 200)
    const emails = await s.call('GET', '/v1/customers/profiles/emails', { headers: headers() })
    t.equal((emails.body as { emails: Array<{ emailKey: number, emailAddress: string }> }).emails.find((e) => e.emailKey === 1)?.emailAddress, email, `trial ${trial}: email kept`)
    const after = await s.call('GET', '/v1/customers/alerts', { headers: headers() })
    t.equal(after.status, 200)
    const large = (after.body as { alerts: Array<{ alertCode: string, thresholdAmount?: number }> }).alerts.find((a) => a.alertCode === 'LARGE_TRANSACTION')
    t.equal(large?.thresholdAmount, threshold, `trial ${trial}: alerts change kept`)
  }
})

async function assecoToken (s: Served): Promise<Record<string, string>> {
  const res = await s.call('POST', '/v1/authentication/connect/token', { form: { grant_type: 'client_credentials', client_id: 'asseco-sandbox-client', client_secret: 'asseco-sandbox-secret' } })
  return { authorization: `bearer ${(res.body as { access_token: string }).access_token}` }
}

t.test('Asseco: 300 concurrent array bodies that reuse one explicit id create it once', async (t) => {
  const s = await serve(t, { dataDir: await dataFolder(t) })
  const headers = await assecoToken(s)
  const url = '/party-profile/individual-profiles/314/contact-preference'
  const command = (id: string) => ({ id, 'preferred-language': 'en', 'contact-purpose': 'marketing', 'start-date': '2024-01-01T00:00:00Z' })
  const answers = await pool(300, 50, (i) => s.call('POST', url, { headers, body: [command(`own-${i}`), command('shared')] }))
  const created = answers.filter((a) => a.status === 201)
  const refused = answers.filter((a) => a.status === 440)
  t.equal(created.length, 1, 'one body creates the shared id')
  t.equal(refused.length, 299, 'every other body is refused whole')
  t.same(created[0]!.body, [{ id: (created[0]!.body as Array<{ id: string }>)[0]!.id, 'record-status': 'created' }, { id: 'shared', 'record-status': 'created' }])
  t.same(refused[0]!.body, { problem: 'duplicate-id', message: "a contact preference with id 'shared' already exists", details: 'The request breaks a business rule.' })
  const list = await s.call('GET', url, { headers })
  const ids = (list.body as Array<{ id: string }>).map((p) => p.id)
  t.equal(ids.filter((id) => id === 'shared').length, 1)
  t.equal(ids.filter((id) => id.startsWith('own-')).length, 1, 'a refused body keeps none of its commands')
})

const SIMPRO = '/api/v1.0/companies/0/setup/customerProfiles/'
const simproHeaders = { authorization: 'Bearer simpro-sandbox-token' }

t.test('a reset drops every create acknowledged before it was sent, also after a restart; ids are never given twice (8 rounds)', async (t) => {
  const dataDir = await dataFolder(t)
  let s = await serve(t, { dataDir, adminToken: ADMIN })
  for (let round = 0; round < 8; round++) {
    const acknowledged: Array<{ id: number, at: number }> = []
    let resetSent = Infinity
    let resetDone = Infinity
    const creates = pool(300, 50, async (i) => {
      const res = await s.call('POST', SIMPRO, { headers: simproHeaders, body: { Name: `round ${round} profile ${i}` } })
      t.equal(res.status, 201)
      acknowledged.push({ id: (res.body as { ID: number }).ID, at: performance.now() })
      if (i === 150) {
        resetSent = performance.now()
        const reset = await s.call('POST', '/__sandbox/reset?api=simpro', { headers: simproHeaders })
        t.equal(reset.status, 200)
        resetDone = performance.now()
      }
    })
    await creates
    const check = async (label: string): Promise<void> => {
      const list = await s.call('GET', `${SIMPRO}?pageSize=250&page=1`, { headers: simproHeaders })
      const pages = Number(list.headers.get('result-pages'))
      const seen: number[] = []
      for (let page = 1; page <= pages; page++) {
        const res = page === 1 ? list : await s.call('GET', `${SIMPRO}?pageSize=250&page=${page}`, { headers: simproHeaders })
        seen.push(...(res.body as Array<{ ID: number }>).map((r) => r.ID))
      }
      const live = new Set(seen)
      t.equal(live.size, seen.length, `${label}: no id is listed twice`)
      const before = acknowledged.filter((a) => a.at < resetSent).map((a) => a.id)
      const after = acknowledged.filter((a) => a.at > resetDone).map((a) => a.id)
      t.same(before.filter((id) => live.has(id) && !after.includes(id)), [], `${label}: nothing acknowledged before the reset was sent survives it`)
      t.same(after.filter((id) => !live.has(id)), [], `${label}: everything acknowledged after the reset is kept`)
      const given = acknowledged.filter((a) => a.at > resetDone).map((a) => a.id)
      t.equal(new Set(given).size, given.length, `${label}: no id was given twice after the reset`)
    }
    await check(`round ${round}`)
    await s.app.close()
    s = await serve(t, { dataDir, adminToken: ADMIN })
    await check(`round ${round} after a restart`)
    await s.call('POST', '/__sandbox/reset?api=simpro', { headers: simproHeaders })
  }
})

t.test('a write that fails on disk answers 503 in the API\'s envelope, leaves no trace, and a retry succeeds', async (t) => {
  const dataDir = await dataFolder(t)
  const s = await serve(t, { dataDir })
  // The tenant is open (read once); then its log's place is taken by a folder, so the first write cannot be kept.
  t.equal((await s.call('GET', SIMPRO, { headers: simproHeaders })).status, 200)
  const file = join(dataDir, `${tenantFileStem('simpro:simpro-demo')}.jsonl`)
  await mkdir(file)
  const failed = await s.call('POST', SIMPRO, { headers: simproHeaders, body: { Name: 'Kept or not' } })
  t.equal(failed.status, 503)
  t.match(failed.body, { errors: [{ message: /^the change could not be stored \(EISDIR\); nothing was kept, try again$/ }] })
  const list = await s.call('GET', `${SIMPRO}?Name=Kept%20or%20not`, { headers: simproHeaders })
  t.same((list.body as Array<{ Name: string }>).filter((r) => r.Name === 'Kept or not'), [], 'the record is not readable')
  const { rm } = await import('node:fs/promises')
  await rm(file, { recursive: true })
  const retried = await s.call('POST', SIMPRO, { headers: simproHeaders, body: { Name: 'Kept or not' } })
  t.equal(retried.status, 201, 'the retry is not refused as a duplicate name')
  t.match(retried.body, { Name: 'Kept or not' })
  t.ok((await readdir(dataDir)).includes(`${tenantFileStem('simpro:simpro-demo')}.jsonl`))
})

t.test('a damaged tenant file answers 503 in the API\'s envelope for that tenant only, until the tenant is reset', async (t) => {
  const dataDir = await dataFolder(t)
  const { writeFile } = await import('node:fs/promises')
  await writeFile(join(dataDir, `${tenantFileStem('simpro:simpro-demo')}.jsonl`), 'null')
  const s = await serve(t, { dataDir })
  const damaged = await s.call('GET', SIMPRO, { headers: simproHeaders })
  t.equal(damaged.status, 503)
  t.match(damaged.body, { errors: [{ path: '', message: /^tenant data unreadable \([0-9a-f]{32}\.jsonl: the file does not start with the tenant-log header\); reset it \(POST \/__sandbox\/reset\)$/, value: null }] })
  const write = await s.call('POST', SIMPRO, { headers: simproHeaders, body: { Name: 'Not now' } })
  t.equal(write.status, 503, 'a write is refused too, never taken as a write over empty data')
  const other = await s.call('GET', SIMPRO, { headers: { authorization: 'Bearer simpro-sandbox-token-2' } })
  t.equal(other.status, 200, 'another tenant is unaffected')
  const wm = await s.call('GET', '/api/v1/customers/104127993008/profiles', { headers: { 'request-tracking-id': '1', profileid: 'eBiz_215', authorization: basic('ocsuser', 'ocsuser') } })
  t.equal(wm.status, 200, 'another API is unaffected')
  const reset = await s.call('POST', '/__sandbox/reset?api=simpro', { headers: simproHeaders })
  t.equal(reset.status, 200)
  t.same(reset.body, { reset: ['simpro:simpro-demo'] })
  const repaired = await s.call('GET', SIMPRO, { headers: simproHeaders })
  t.equal(repaired.status, 200)
  const created = await s.call('POST', SIMPRO, { headers: simproHeaders, body: { Name: 'After the repair' } })
  t.equal(created.status, 201)
})
