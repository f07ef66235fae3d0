// Regression: an unknown body field whose name holds `/` or `~` was named by an unescaped JSON
// pointer, and its value was looked up at the wrong place (simPRO echoed null for "a/b").
import t from 'tap'
import { sandbox } from './helpers.js'

const URL_1 = '/api/v1.0/companies/0/setup/customerProfiles/1'

for (const [field, pointer] of [['a/b', '/a~1b'], ['a~b', '/a~0b'], ['Colour', '/Colour']] as const) {
  t.test(`an unknown field "${field}" is named ${pointer} and its value echoed`, async (t) => {
    const s = await sandbox(t)
    const res = await s.inject({ method: 'PATCH', url: URL_1, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ [field]: 'x' }) })
    t.equal(res.statusCode, 422)
    t.same(res.json(), { errors: [{ path: pointer, message: `body field '${pointer}' is not a known field`, value: 'x' }] })
  })
}
