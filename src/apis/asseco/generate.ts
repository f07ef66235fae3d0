import type { Finisher } from '../../data/types.js'

type Section = Record<string, unknown>

// Generated profiles describe the guide's time, like the documented ones.
const TODAY = new Date('2016-01-11T12:00:00Z')
const day = (date: Date): string => date.toISOString().slice(0, 10)
const CITIES: Array<[string, string, string, string]> = [
  ['MK', 'Skopje', '1000', 'MKD'], ['MK', 'Bitola', '7000', 'MKD'], ['RS', 'Beograd', '11000', 'RSD'], ['RS', 'Novi Sad', '21000', 'RSD'],
  ['BA', 'Sarajevo', '71000', 'BAM'], ['BA', 'Banja Luka', '78000', 'BAM'], ['HR', 'Zagreb', '10000', 'EUR'], ['SI', 'Ljubljana', '1000', 'EUR'],
]
/** Rough monthly amounts per currency, so incomes look local. */
const SCALE: Record<string, number> = { MKD: 40_000, RSD: 70_000, BAM: 1_200, EUR: 1_500 }

type Faker = Parameters<Finisher>[1]['faker']

function channel (faker: Faker, base: Section): Section {
  const digital = faker.datatype.boolean({ probability: 0.7 })
  return {
    ...base,
    'last-branch-visit-date': day(faker.date.recent({ days: 400, refDate: TODAY })),
    'last-online-login': digital ? faker.date.recent({ days: 30, refDate: TODAY }).toISOString().replace('.000Z', 'Z') : null,
    'is-digital-banking-user': digital,
    'is-mobile-banking-user': digital && faker.datatype.boolean(),
    'online-logins-last-month': digital ? faker.number.int({ min: 1, max: 60 }) : 0,
    'atm-withdrawals-last-month': faker.number.int(12),
  }
}

function product (faker: Faker): Section {
  const kinds = faker.helpers.arrayElements(['savings-account', 'term-deposit', 'credit-card', 'consumer-loan', 'mortgage', 'overdraft'], { min: 0, max: 4 })
  const all = ['current-account', ...kinds]
  return {
    'number-of-products': all.length,
    'number-of-active-arrangements': faker.number.int({ min: 1, max: all.length }),
    'has-current-account': true,
    'has-savings-account': all.includes('savings-account'),
    'has-credit-card': all.includes('credit-card'),
    'has-loan': all.includes('consumer-loan'),
    'has-mortgage': all.includes('mortgage'),
    'has-term-deposit': all.includes('term-deposit'),
    'product-kinds': all,
  }
}

function customer (faker: Faker, base: Section, country: string, segment: string): Section {
  const since = faker.date.past({ years: 25, refDate: TODAY })
  const months = (TODAY.getUTCFullYear() - since.getUTCFullYear()) * 12 + TODAY.getUTCMonth() - since.getUTCMonth()
  return {
    ...base,
    'customer-since': day(since),
    'segment': segment,
    'relationship-length-months': months,
    'primary-branch-code': `${country}-${faker.string.numeric(3)}`,
    'relationship-manager': base['is-vip'] === true ? faker.person.fullName() : null,
  }
}

/** A generated individual: the party number inside, a birth date matching the age, local amounts. */
export const assecoIndividual: Finisher = (record, { id, faker }) => {
  const [country, city, postal, currency] = faker.helpers.arrayElement(CITIES)
  const birth = faker.date.birthdate({ mode: 'age', min: 18, max: 90, refDate: TODAY })
  const age = Math.floor((TODAY.getTime() - birth.getTime()) / (365.2425 * 86_400_000))
  const scale = SCALE[currency]!
  const income = faker.number.int({ min: scale / 2, max: scale * 4 })
  const size = faker.number.int({ min: 1, max: 5 })
  const demographic = record.demographic as Section
  return {
    ...record,
    'party-number': id,
    'channel': channel(faker, record.channel as Section),
    'product': product(faker),
    'demographic': {
      ...demographic,
      'birth-date': day(birth),
      'age': age,
      'employment-status': age >= 65 ? 'retired' : demographic['employment-status'],
      'occupation': faker.person.jobTitle(),
      'country-of-residence': country,
      'city': city,
      'postal-code': postal,
    },
    'customer': customer(faker, record.customer as Section, country,
      age < 26 ? 'youth' : age >= 65 ? 'senior' : faker.helpers.weightedArrayElement([{ weight: 7, value: 'mass' }, { weight: 2, value: 'affluent' }, { weight: 1, value: 'private' }])),
    'financial': {
      'currency': currency,
      'monthly-income': income,
      'average-monthly-balance': faker.number.int({ min: 0, max: scale * 6 }),
      'total-deposits': faker.number.int({ min: 0, max: scale * 40 }),
      'total-loans': faker.number.int({ min: 0, max: scale * 30 }),
      'credit-score': faker.number.int({ min: 300, max: 850 }),
      'is-salary-account-holder': faker.datatype.boolean(),
    },
    'household': {
      ...(record.household as Section),
      'household-size': size,
      'number-of-children': faker.number.int({ min: 0, max: size - 1 }),
      'household-income': income * faker.number.int({ min: 1, max: Math.min(size, 2) }),
    },
    'social': {
      ...(record.social as Section),
      'social-networks': faker.helpers.arrayElements(['facebook', 'instagram', 'linkedin', 'twitter', 'tiktok'], { min: 0, max: 3 }),
      'influence-score': faker.number.int(100),
    },
  }
}

const PURPOSE: Record<string, string> = { 'non-profit-organization': 'non-profit', 'public-institution': 'governmental', 'sole-proprietorship': 'commercial' }

/** A generated organization: the party number inside, a sole trader only as a sole proprietorship, local amounts. */
export const assecoOrganization: Finisher = (record, { id, faker }) => {
  const [country, , , currency] = faker.helpers.arrayElement(CITIES)
  const sole = record['legal-structure'] === 'sole-proprietorship'
  return {
    ...record,
    'party-number': id,
    'is-sole-trader': sole,
    'years-of-operation': faker.number.int(40),
    'number-of-employees': sole ? faker.number.int(3) : faker.number.int({ min: 2, max: 2000 }),
    'industry-code': `${faker.number.int({ min: 10, max: 99 })}.${faker.number.int({ min: 10, max: 99 })}`,
    'annual-turnover': faker.number.int({ min: 10, max: 20_000 }) * SCALE[currency]!,
    'currency': currency,
    'channel': channel(faker, record.channel as Section),
    'product': product(faker),
    'organization-purpose': PURPOSE[String(record['legal-structure'])] ?? record['organization-purpose'],
    'customer': customer(faker, record.customer as Section, country,
      record['legal-structure'] === 'public-institution' ? 'public-sector' : sole ? 'micro' : faker.helpers.arrayElement(['micro', 'sme', 'corporate'])),
  }
}
