import t from 'tap'
import { Ajv } from 'ajv'
import { dialects } from '../../src/dialects/index.js'
import { renderProblem } from '../../src/dialects/render.js'
import { PROBLEM_KINDS, Problem } from '../../src/engine/problems.js'
import { toJsonSchema } from '../../src/spec/json-schema.js'
import { loadSpecs } from '../../src/spec/load.js'
import { defaultOptions } from '../../src/server.js'

t.test('every problem kind maps to an error status in every dialect', async (t) => {
  for (const dialect of dialects.values()) {
    for (const kind of PROBLEM_KINDS) {
      const entry = dialect.table[kind]
      t.ok(entry !== undefined, `${dialect.name} maps ${kind}`)
      t.ok(entry.status >= 400 && entry.status <= 599, `${dialect.name} ${kind} → ${entry.status}`)
      t.type(entry.title, 'string')
    }
    t.same(Object.keys(dialect.table).sort(), [...PROBLEM_KINDS].sort(), `${dialect.name} maps no unknown kind`)
  }
})

t.test('every kind rendered in an API\'s dialect validates against that API\'s Error schema', async (t) => {
  const specs = await loadSpecs(defaultOptions.specsDir)
  const ajv = new Ajv({ strict: false })
  for (const { doc } of specs) {
    const dialect = dialects.get(doc['x-sandbox']!.dialect)!
    const schemas = doc.components as { schemas: Record<string, Record<string, unknown>> }
    const validate = ajv.compile(toJsonSchema(schemas.schemas.Error!))
    for (const kind of PROBLEM_KINDS) {
      const rendered = renderProblem(dialect, new Problem(kind, `a ${kind} happened`), { 'request-tracking-id': 'trk-1' })
      t.ok(validate(rendered.body), `${dialect.name} ${kind}: ${JSON.stringify(validate.errors)}`)
    }
  }
})

t.test('WM\'s envelope carries the status as its code and echoes the tracking id', async (t) => {
  const rendered = renderProblem(dialects.get('wm')!, new Problem('not-found', 'customer \'1\' not found'), { 'request-tracking-id': '77' })
  t.same(rendered, {
    status: 404,
    headers: {},
    body: { error: { code: '404', message: 'Not Found', errors: [{ message: 'customer \'1\' not found' }] }, request_tracking_id: '77' },
  })
})

t.test('IMIconnect\'s envelope has a non-zero Status, the code and a transid', async (t) => {
  const rendered = renderProblem(dialects.get('imiconnect')!, new Problem('malformed-json', 'body is not valid JSON'), {})
  t.equal(rendered.status, 400)
  const body = rendered.body as Record<string, unknown>
  t.match(body, { Status: 1, Description: 'Invalid JSON: body is not valid JSON', code: '7000' })
  t.match(body.transid, /^[0-9a-f-]{36}$/)
})

t.test('method-not-allowed adds an Allow header in every dialect', async (t) => {
  for (const dialect of dialects.values()) {
    const rendered = renderProblem(dialect, new Problem('method-not-allowed', 'no', { allow: ['GET', 'HEAD'] }), {})
    t.same(rendered.headers, { allow: 'GET, HEAD' }, dialect.name)
    t.equal(rendered.status, 405)
  }
})
