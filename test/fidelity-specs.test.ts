// Issue 14, "spec problems": what contract tools tripped on, checked on the spec files themselves
// (test/spec-replay.test.ts replays their examples; npm run lint:specs-extra lints them).
import { readdir, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { parse } from 'yaml'

const dir = fileURLToPath(new URL('../specs/', import.meta.url))
const specs = await Promise.all((await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort()
  .map(async (file) => ({ file, doc: parse(await readFile(`${dir}${file}`, 'utf8')) as Json })))

type Json = Record<string, unknown>
/** The value at a path of keys inside a JSON value. */
const dig = (value: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((v, k) => (v === null || typeof v !== 'object' ? undefined : (v as Json)[k]), value)

/** Every object inside a value, with its JSON pointer. */
function * objects (value: unknown, at = ''): Generator<[string, Json]> {
  if (value === null || typeof value !== 'object') return
  yield [at, value as Json]
  for (const [key, inner] of Object.entries(value)) yield * objects(inner, `${at}/${key}`)
}

t.test('no header parameter OpenAPI says to ignore (Accept, Content-Type, Authorization)', async (t) => {
  const found = specs.flatMap(({ file, doc }) => [...objects(doc)]
    .filter(([, o]) => o.in === 'header' && typeof o.name === 'string' && ['accept', 'content-type', 'authorization'].includes(o.name.toLowerCase()))
    .map(([at]) => `${file}${at}`))
  t.same(found, [])
})

t.test('no if/then/else schema (Spectral, openapi-typescript and Portman misread it)', async (t) => {
  t.same(specs.flatMap(({ file, doc }) => [...objects(doc)].filter(([, o]) => 'if' in o && 'then' in o).map(([at]) => `${file}${at}`)), [])
})

t.test('request body fields carry no default (generated types would make them required)', async (t) => {
  const found: string[] = []
  for (const { file, doc } of specs) {
    for (const [at, o] of objects(doc)) {
      if (!at.includes('/requestBody') && !/\/components\/schemas\/\w*(Create|Request|Patch|Command)\b/.test(at)) continue
      if ('default' in o && at.includes('/properties/')) found.push(`${file}${at}`)
    }
  }
  t.same(found, [])
})

t.test('headers always sent are required; path examples agree with body examples and the data', async (t) => {
  const spec = (name: string): Json => specs.find((s) => s.file.startsWith(name))!.doc
  const simpro = dig(spec('simpro'), 'paths', '/api/v1.0/companies/{companyID}/setup/customerProfiles/')
  t.equal(dig(simpro, 'get', 'responses', '200', 'headers', 'Result-Total', 'required'), true)
  t.equal(dig(simpro, 'get', 'responses', '200', 'headers', 'Result-Pages', 'required'), true)
  t.equal(dig(simpro, 'post', 'responses', '201', 'headers', 'Location', 'required'), true)
  t.equal(dig(spec('citi'), 'paths', '/authCode/oauth2/authorize', 'post', 'responses', '302', 'headers', 'Location', 'required'), true)
  const tickets = dig(spec('wm'), 'paths', '/api/v1/customers/{customerId}/tickets')
  const customerId = (dig(tickets, 'parameters') as Array<{ name: string, example?: string }>).find((p) => p.name === 'customerId')?.example
  const bodies = dig(tickets, 'post', 'requestBody', 'content', 'application/json', 'examples') as Record<string, { value: { customer_id: string } }>
  t.equal(customerId, Object.values(bodies)[0]!.value.customer_id)
  const organization = dig(spec('asseco'), 'paths', '/party-profile/organization-profiles/{party-number}', 'parameters', '0', 'example') as string
  const organizations = JSON.parse(await readFile(new URL('../fixtures/asseco/data/organization-profiles.json', import.meta.url), 'utf8')) as Record<string, unknown>
  t.ok(organizations[organization] !== undefined, `organization ${organization} is in the data`)
})

t.test('form bodies give an example per field, so generators send real values', async (t) => {
  const missing: string[] = []
  let fields = 0
  for (const { file, doc } of specs) {
    for (const [at, o] of objects(doc.paths)) {
      const form = o['application/x-www-form-urlencoded']
      if (form === undefined) continue
      let schema = dig(form, 'schema')
      const ref = dig(schema, '$ref')
      if (typeof ref === 'string') schema = dig(doc, 'components', 'schemas', ref.split('/').pop()!)
      for (const [name, property] of Object.entries(dig(schema, 'properties') as Record<string, Json>)) {
        fields++
        if (property.example === undefined) missing.push(`${file}${at} ${name}`)
      }
    }
  }
  t.ok(fields >= 20, `${fields} form fields checked`)
  t.same(missing, [])
})
