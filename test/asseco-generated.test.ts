import t from 'tap'
import { sandbox } from './helpers.js'
import { bearer } from './asseco-helpers.js'

t.test('--customers adds generated individuals and organizations that match the spec and themselves', async (t) => {
  const s = await sandbox(t, { customers: 200, seed: 5 })
  const headers = await bearer(s)
  for (let i = 1; i <= 200; i += 19) {
    const id = `7${String(i).padStart(9, '0')}`
    const res = await s.inject({ url: `/party-profile/individual-profiles/${id}`, headers })
    t.equal(res.statusCode, 200, id)
    const p = res.json()
    t.equal(p['party-number'], id)
    const birth = new Date(`${p.demographic['birth-date'] as string}T00:00:00Z`)
    t.ok(Math.abs((Date.UTC(2016, 0, 11) - birth.getTime()) / (365.2425 * 86_400_000) - p.demographic.age) < 1, `${id}: age matches the birth date`)
    t.equal(p.product['number-of-products'], p.product['product-kinds'].length)
    t.equal(p.product['has-credit-card'], p.product['product-kinds'].includes('credit-card'))
    t.ok(p.household['number-of-children'] < p.household['household-size'])
    const org = await s.inject({ url: `/party-profile/organization-profiles/8${String(i).padStart(9, '0')}`, headers })
    t.equal(org.statusCode, 200)
    t.equal(org.json()['is-sole-trader'], org.json()['legal-structure'] === 'sole-proprietorship')
  }
  t.equal((await s.inject({ url: '/party-profile/individual-profiles/7000000201', headers })).statusCode, 404, 'ids past N do not exist')
  t.equal((await s.inject({ url: '/party-profile/individual-profiles/314', headers })).json().demographic.city, 'Skopje', 'documented parties stay as they are')
  const prefs = await s.inject({ url: '/party-profile/individual-profiles/7000000001/contact-preference', headers })
  t.same(prefs.json(), [], 'a generated individual has no contact preferences yet')
})

t.test('the same seed generates the same party', async (t) => {
  const a = await sandbox(t, { customers: 10, seed: 9 })
  const b = await sandbox(t, { customers: 10, seed: 9 })
  const url = '/party-profile/individual-profiles/7000000007'
  t.same((await a.inject({ url, headers: await bearer(a) })).json(), (await b.inject({ url, headers: await bearer(b) })).json())
})
