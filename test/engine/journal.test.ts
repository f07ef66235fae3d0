import t from 'tap'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Journal } from '../../src/sandbox/journal.js'

const request = (body: unknown, url = '/x') => ({ method: 'POST', url, body, tenant: 'api:t', row: null }) as unknown as FastifyRequest
const reply = { statusCode: 200, elapsedTime: 1.23456 } as unknown as FastifyReply

t.test('credentials in bodies are redacted; identifiers that merely end in Key are kept', async (t) => {
  const journal = new Journal(10)
  journal.record(request({ client_secret: 's', nested: { password: 'p', emailKey: 7, otp: '123456' }, key: 'k', refresh_token: 'r' }), reply)
  journal.record(request({ grant_type: 'authorization_code', code: 'abc', redirect_uri: 'https://x', code_verifier: 'v' }), reply)
  journal.record(request({ service: { code: '6FL' } }), reply)
  journal.record(request(Buffer.from([1, 2, 3])), reply)
  t.same(journal.find({}).map((e) => e.body), [
    { client_secret: '[redacted]', nested: { password: '[redacted]', emailKey: 7, otp: '[redacted]' }, key: '[redacted]', refresh_token: '[redacted]' },
    { grant_type: 'authorization_code', code: '[redacted]', redirect_uri: 'https://x', code_verifier: '[redacted]' },
    { service: { code: '6FL' } },
    { bytes: 3 },
  ])
})

t.test('the ring keeps order across wrap-around and removals', async (t) => {
  const journal = new Journal(3)
  for (const n of [1, 2, 3, 4]) journal.record(request(null, `/${n}`), reply)
  t.same(journal.find({}).map((e) => e.path), ['/2', '/3', '/4'])
  t.equal(journal.remove({ path: '/3' }), 1)
  for (const n of [5, 6]) journal.record(request(null, `/${n}`), reply)
  t.same(journal.find({}).map((e) => e.path), ['/4', '/5', '/6'])
  t.same(journal.find({ pathPrefix: '/5' }).map((e) => e.seq), [5])
})

t.test('a journal of size 0 records nothing', async (t) => {
  const journal = new Journal(0)
  journal.record(request({}), reply)
  t.same(journal.find({}), [])
})

t.test('entries read from a full ring are copies: later requests do not change them', async (t) => {
  const journal = new Journal(2)
  for (const n of [1, 2]) journal.record(request(null, `/${n}?q=${n}`), reply)
  const read = journal.find({})
  for (const n of [3, 4]) journal.record(request(null, `/${n}`), reply)
  t.same(read.map((e) => [e.seq, e.url, e.path]), [[1, '/1?q=1', '/1'], [2, '/2?q=2', '/2']])
  t.same(journal.find({}).map((e) => [e.seq, e.url, e.path, e.tenant, e.status]), [[3, '/3', '/3', 'api:t', 200], [4, '/4', '/4', 'api:t', 200]])
})
