import t from 'tap'
import { WM_HEADERS, sandbox } from './helpers.js'

t.test('GET /__sandbox/health answers 200 with the loaded APIs', async (t) => {
  const s = await sandbox(t)
  const res = await s.app.inject({ url: '/__sandbox/health' })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.status, 'ok')
  // Other APIs are listed too; these two are the engine's first.
  t.same(body.apis.filter((a: { id: string }) => ['imiconnect', 'wm'].includes(a.id)), [
    { id: 'imiconnect', title: 'IMIconnect Customer Profile', version: '1.0', spec: 'imiconnect-customer-profile.yaml', prefixes: ['/resources/v1/customerprofile'], operations: 2 },
    { id: 'wm', title: 'WM Customer Profiles', version: '1.0', spec: 'wm-profiles.yaml', prefixes: ['/api/v1/customers'], operations: 2 },
  ])
  t.same(body.apis.map((a: { spec: string }) => a.spec), [...body.apis.map((a: { spec: string }) => a.spec)].sort(), 'in spec file order')
})

t.test('a path under no API answers 404 in the sandbox\'s own envelope', async (t) => {
  const s = await sandbox(t)
  const res = await s.app.inject({ url: '/nothing/here?x=1' })
  t.equal(res.statusCode, 404)
  t.same(res.json(), { problem: 'unknown-route', title: 'Not Found', message: 'no API is served at /nothing/here' })
})

t.test('a malformed URL answers 400 in the envelope of the API it is under', async (t) => {
  const s = await sandbox(t)
  const res = await s.app.inject({ url: '/api/v1/customers/%E0%A4%A/profiles', headers: WM_HEADERS })
  t.equal(res.statusCode, 400)
  t.same(res.json(), { error: { code: '400', message: 'Bad Request', errors: [{ message: 'the request path is not a valid URL' }] }, request_tracking_id: '12345' })
})

t.test('an unexpected failure answers the API\'s 500 without a stack trace', async (t) => {
  const s = await sandbox(t)
  s.app.get('/api/v1/customers/:customerId/explode', () => { throw new Error('secret internals at /src/x.ts:1') })
  const res = await s.app.inject({ url: '/api/v1/customers/1/explode', headers: WM_HEADERS })
  t.equal(res.statusCode, 500)
  t.same(res.json(), { error: { code: '500', message: 'Service Error', errors: [{ message: 'the sandbox failed to serve this request' }] }, request_tracking_id: '12345' })
  t.notMatch(res.body, /secret|\.ts|at /)
})

t.test('HEAD works on GET routes and a trailing slash is tolerated', async (t) => {
  const s = await sandbox(t)
  const head = await s.inject({ method: 'HEAD', url: '/api/v1/customers/104127993008/profiles', headers: WM_HEADERS })
  t.equal(head.statusCode, 200)
  t.equal(head.body, '')
  const slash = await s.inject({ url: '/resources/v1/customerprofile/4545/', headers: { key: 'imi-sandbox-key' } })
  t.equal(slash.statusCode, 200)
})

t.test('a body of an unknown media type on a GET is ignored', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: '/api/v1/customers/104127993008/profiles', headers: { ...WM_HEADERS, 'content-type': 'text/plain' }, payload: 'hello' })
  t.equal(res.statusCode, 200)
})

t.test('an invalid Content-Type answers 415 in the API\'s envelope', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ method: 'POST', url: '/api/v1/customers/156714543005/tickets', headers: { ...WM_HEADERS, 'content-type': '/;;' }, payload: '{}' })
  t.equal(res.statusCode, 415)
  t.same(res.json(), { error: { code: '415', message: 'Unsupported Media Type', errors: [{ message: 'Content-Type header is not a valid media type' }] }, request_tracking_id: '12345' })
})
