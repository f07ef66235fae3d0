import t from 'tap'
import type { FastifySchemaValidationError } from 'fastify'
import { validationProblem } from '../../src/engine/validation.js'

const error = (keyword: string, instancePath: string, params: Record<string, unknown> = {}): FastifySchemaValidationError =>
  ({ keyword, instancePath, schemaPath: '#', params, message: 'is wrong' }) as FastifySchemaValidationError

t.test('validation problems carry the offending value when the validated part is given', async (t) => {
  const body = { Name: 5, 'a/b': { '~x': true }, extra: 'red' }
  t.equal(validationProblem([error('type', '/Name')], 'body', undefined, body).value, 5)
  t.equal(validationProblem([error('type', '/a~1b/~0x')], 'body', undefined, body).value, true, 'JSON pointer escapes are read')
  t.equal(validationProblem([error('additionalProperties', '', { additionalProperty: 'extra' })], 'body', undefined, body).value, 'red', 'an unknown field\'s own value')
  t.equal(validationProblem([error('required', '', { missingProperty: 'Name' })], 'body', undefined, {}).value, undefined, 'a missing field has none')
  t.equal(validationProblem([error('maximum', '/pageSize')], 'querystring', undefined, { pageSize: 900 }).value, 900)
  t.equal(validationProblem([error('type', '/Name')], 'body', undefined).value, undefined, 'no part given, no value')
  t.same(validationProblem([error('type', '')], 'body', undefined, [1]).value, [1], 'the whole body')
})
