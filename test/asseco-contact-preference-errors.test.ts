import t from 'tap'
import { sandbox } from './helpers.js'
import { SINGLE, URL_314, answers, bearer, fieldError, list, problem } from './asseco-helpers.js'

const BUSINESS = 'The request breaks a business rule.'

t.test('an end-date before the start-date is the HTTP 440 business problem; nothing is stored', async (t) => {
  const s = await sandbox(t)
  const headers = await bearer(s)
  const single = await s.inject({ method: 'POST', url: URL_314, headers, payload: { ...SINGLE, 'start-date': '2016-01-11T00:00:00Z', 'end-date': '2015-01-01T00:00:00Z' } })
  answers(t, single, 440, problem('end-date-before-start-date', 'end-date 2015-01-01T00:00:00Z is before start-date 2016-01-11T00:00:00Z', BUSINESS))
  const batch = await s.inject({ method: 'POST', url: URL_314, headers, payload: [SINGLE, { ...SINGLE, 'end-date': '2016-01-31T23:00:00+02:00' }] })
  answers(t, batch, 440, problem('end-date-before-start-date', 'end-date 2016-01-31T23:00:00+02:00 is before start-date 2016-02-01T00:00:00Z (command 1)', BUSINESS))
  t.equal((await list(s, headers)).length, 2, 'the valid first command was not stored either')
  const sameInstant = await s.inject({ method: 'POST', url: URL_314, headers, payload: { ...SINGLE, 'end-date': '2016-02-01T01:00:00+01:00' } })
  t.equal(sameInstant.statusCode, 201, 'an end-date equal to the start-date (other offset) is fine')
})

t.test('an id already used answers the 440 problem duplicate-id', async (t) => {
  const s = await sandbox(t)
  const headers = await bearer(s)
  const taken = await s.inject({ method: 'POST', url: URL_314, headers, payload: { ...SINGLE, id: '5f0c6a6e-2b1d-4c51-9a3e-8c1f0d2b7a11' } })
  answers(t, taken, 440, problem('duplicate-id', "a contact preference with id '5f0c6a6e-2b1d-4c51-9a3e-8c1f0d2b7a11' already exists", BUSINESS))
  const twice = await s.inject({ method: 'POST', url: URL_314, headers, payload: [{ ...SINGLE, id: 'x-1' }, { ...SINGLE, id: 'x-1' }] })
  answers(t, twice, 440, problem('duplicate-id', "a contact preference with id 'x-1' already exists", BUSINESS))
})

t.test('registering for an unknown party answers the 404 problem', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ method: 'POST', url: '/party-profile/individual-profiles/999/contact-preference', headers: await bearer(s), payload: SINGLE })
  answers(t, res, 404, problem('not-found', "individual party '999' not found", 'The requested resource does not exist.'))
})

const { 'start-date': _start, ...NO_START } = SINGLE
const invalid: Array<[string, unknown, string, string, string]> = [
  ['a missing start-date', NO_START, 'start-date', 'required', "body field '/start-date' is required"],
  ['a missing field in the second command', [SINGLE, NO_START], '[1].start-date', 'required', "body field '/1/start-date' is required"],
  ['the guide\'s literal date', { ...SINGLE, 'start-date': '2016-01-11 00:00:000' }, 'start-date', 'invalid-format', "body field '/start-date' must match format \"date-time\""],
  ['a date without a time', { ...SINGLE, 'end-date': '2016-12-31' }, 'end-date', 'invalid-format', "body field '/end-date' must match format \"date-time\""],
  ['an unknown contact purpose', { ...SINGLE, 'contact-purpose': 'spam' }, 'contact-purpose', 'unknown-enum', "body field '/contact-purpose' must be one of: \"general\", \"marketing\", \"servicing\", \"billing\", \"collections\", \"security\""],
  ['a long arrangement number', { ...SINGLE, 'arrangement-number': 'M'.repeat(35) }, 'arrangement-number', 'max-length', "body field '/arrangement-number' must NOT have more than 34 characters"],
  ['a language that is no ISO code', { ...SINGLE, 'preferred-language': 'EN' }, 'preferred-language', 'invalid-format', "body field '/preferred-language' must match pattern \"^[a-z]{2}(-[A-Z]{2})?$\""],
  ['opt-ins as an object (the guide\'s literal shape)', { ...SINGLE, 'opt-ins': { services: 'string' } }, 'opt-ins', 'invalid-format', "body field '/opt-ins' must be array"],
  ['a number for a string', { ...SINGLE, 'party-id': 314 }, 'party-id', 'invalid-format', "body field '/party-id' must be string"],
  ['an unknown field', { ...SINGLE, 'contact-purpouse': 'billing' }, 'contact-purpouse', 'unknown-field', "body field '/contact-purpouse' is not a known field"],
  ['an empty array', [], 'body', 'min-items', 'body must NOT have fewer than 1 items'],
  ['a string body', 'hello', 'body', 'invalid-format', 'body must be object'],
]
t.test('invalid commands answer 400 with the errors body naming the field', async (t) => {
  // One sandbox for the table: none of these requests stores anything.
  const s = await sandbox(t)
  const headers = await bearer(s)
  for (const [name, payload, tag, error, message] of invalid) {
    const res = await s.inject({ method: 'POST', url: URL_314, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(payload) })
    answers(t, res, 400, fieldError(tag, error, message), name)
  }
  t.equal((await list(s, headers)).length, 2, 'nothing stored')
})

t.test('malformed JSON and a non-JSON body answer 400 with the errors body', async (t) => {
  const s = await sandbox(t)
  const headers = await bearer(s)
  const broken = await s.inject({ method: 'POST', url: URL_314, headers: { ...headers, 'content-type': 'application/json' }, payload: '[\n\tcontact-preference\n\t{ "contact-purpose": "string" }\n]' })
  answers(t, broken, 400, fieldError('body', 'invalid-format', 'body is not valid JSON'))
  const text = await s.inject({ method: 'POST', url: URL_314, headers: { ...headers, 'content-type': 'text/plain' }, payload: 'hello' })
  answers(t, text, 400, fieldError('Content-Type', 'invalid-format', "Content-Type 'text/plain' is not accepted; send application/json"))
})

t.test('a POST without a body, or with one over 1 MiB, is refused in Asseco\'s shapes', async (t) => {
  const s = await sandbox(t)
  const headers = await bearer(s)
  const none = await s.inject({ method: 'POST', url: URL_314, headers })
  answers(t, none, 400, fieldError('body', 'invalid-format', 'body must be object'))
  const empty = await s.inject({ method: 'POST', url: URL_314, headers: { ...headers, 'content-type': 'application/json' }, payload: '' })
  answers(t, empty, 400, fieldError('body', 'invalid-format', 'body is empty but Content-Type is application/json'))
  const huge = await s.inject({ method: 'POST', url: URL_314, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify({ ...SINGLE, 'opt-ins': ['x'.repeat(1024 * 1024)] }) })
  answers(t, huge, 413, problem('bad-request', 'body is larger than the sandbox accepts (at most 1048576 bytes)', 'The request body is too large.'))
})
