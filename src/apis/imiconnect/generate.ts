import type { Finisher } from '../../data/types.js'

const APPS = ['Facebook', 'Twitter', 'WhatsApp', 'WeChat', 'LoyaltyApp', 'BillingApp']

/** A generated IMIconnect customer: master attributes of one person (customerId = the id), and channel links. */
export const imiconnectCustomer: Finisher = (_record, { id, index, faker }) => {
  const first = faker.person.firstName()
  const last = faker.person.lastName()
  // Attribute ids are numbers unique within the data set: 20 per customer from 100000.
  let attributeId = 100_000 + index * 20
  const attribute = (Name: string, Value: string) => ({ Name, Value, ID: attributeId++ })
  const flag = () => (faker.datatype.boolean() ? '1' : '0')
  const link = () => {
    const name = faker.helpers.arrayElement(APPS)
    return { ProfileId: 300 + APPS.indexOf(name), ProfileName: name, Records: [attribute('handle', faker.internet.username({ firstName: first, lastName: last })), attribute('optin', flag())] }
  }
  return {
    Attributes: [
      attribute('msisdn', `614${faker.string.numeric(8)}`),
      attribute('email', faker.internet.email({ firstName: first, lastName: last, provider: 'example.com' }).toLowerCase()),
      attribute('name', first.toLowerCase()),
      attribute('customerId', id),
      attribute('sms', flag()),
      attribute('voice', flag()),
      attribute('wa', flag()),
    ],
    InwardLinks: Array.from({ length: faker.number.int(2) }, link),
    OutwardLinks: Array.from({ length: faker.number.int(1) }, link),
  }
}
