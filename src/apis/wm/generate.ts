import type { Finisher } from '../../data/types.js'

interface Profile { [field: string]: unknown }

/**
 * A generated WM customer: one household of one to three log-ins sharing its surname; log-in
 * ids carry the customer id; names and emails belong together.
 */
export const wmCustomer: Finisher = (record, { id, faker }) => {
  const last = faker.person.lastName()
  const profiles = (record.profiles as Profile[]).slice(0, faker.number.int({ min: 1, max: 3 })).map((profile) => {
    const first = faker.person.firstName()
    const neverLoggedIn = faker.number.int(9) === 0
    const { last_login_date: _drop, ...rest } = profile
    const answer: Profile = {
      ...rest,
      id: `${id}^${faker.string.numeric({ length: 8, allowLeadingZeros: false })}|E`,
      registered_code: neverLoggedIn ? 'N' : 'R',
      logon_status: neverLoggedIn ? 'L' : 'S',
      first_name: first.toUpperCase(),
      last_name: last.toUpperCase(),
      email: faker.internet.email({ firstName: first, lastName: last, provider: 'example.com' }).toLowerCase(),
    }
    // A string in WM's table: a customer who never logged in has no last_login_date at all, never null.
    if (!neverLoggedIn) answer.last_login_date = faker.date.between({ from: '2012-01-01T00:00:00Z', to: '2016-12-31T00:00:00Z' }).toISOString().replace('Z', '-05:00')
    return answer
  })
  return { profiles }
}
