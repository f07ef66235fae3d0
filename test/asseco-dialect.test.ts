import t from 'tap'
import { dialects } from '../src/dialects/index.js'
import { renderProblem } from '../src/dialects/render.js'
import { PROBLEM_KINDS, Problem } from '../src/engine/problems.js'

const asseco = dialects.get('asseco')!
const render = (problem: Problem) => renderProblem(asseco, problem, {})

t.test('field problems answer 400 with the errors body; the tag is the field as the client wrote it', async (t) => {
  const cases: Array<[Problem, unknown]> = [
    [new Problem('invalid-body', 'x', { field: { in: 'body', name: '/0/opt-ins/2' }, reason: 'max-length' }), { tag: '[0].opt-ins[2]', error: 'max-length', message: 'x' }],
    [new Problem('invalid-body', 'x', { field: { in: 'body', name: '/a~1b/c~0d' } }), { tag: 'a/b.c~d', error: 'invalid-format', message: 'x' }],
    [new Problem('malformed-json', 'x', { field: { in: 'body', name: '/' } }), { tag: 'body', error: 'invalid-format', message: 'x' }],
    [new Problem('missing-header', 'x', { field: { in: 'header', name: 'Request-Id' } }), { tag: 'Request-Id', error: 'required', message: 'x' }],
    [new Problem('invalid-parameter', 'x', { field: { in: 'path', name: 'party-number' }, reason: 'invalid-format' }), { tag: 'party-number', error: 'invalid-format', message: 'x' }],
    [new Problem('invalid-body', 'x'), { tag: 'body', error: 'invalid-format', message: 'x' }],
  ]
  for (const [problem, error] of cases) t.same(render(problem), { status: 400, headers: {}, body: { errors: [error] } })
})

t.test('other problems answer the problem shape; a business rule is HTTP 440 and keeps its own name', async (t) => {
  t.same(render(new Problem('business-rule', 'end before start', { code: 'end-date-before-start-date' })),
    { status: 440, headers: {}, body: { problem: 'end-date-before-start-date', message: 'end before start', details: 'The request breaks a business rule.' } })
  const names = Object.fromEntries(PROBLEM_KINDS.map((kind) => {
    const body = render(new Problem(kind, 'x')).body as Record<string, string>
    return [kind, body.problem ?? 'errors']
  }))
  t.match(names, {
    'missing-credentials': 'unauthorized', 'bad-credentials': 'unauthorized', forbidden: 'forbidden', 'not-found': 'not-found',
    gone: 'gone', 'internal-error': 'internal-error', 'server-error': 'internal-error', 'service-unavailable': 'service-unavailable',
    'method-not-allowed': 'not-implemented', 'invalid-body': 'errors', 'unsupported-media-type': 'errors',
  })
})
