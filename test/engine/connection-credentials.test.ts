// Credential checks remember their last verdict or token digest per connection: on one
// keep-alive connection, every request must still be judged by its own credential, and a token
// revoked between two requests must stop working at once.
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { Agent, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomUUID } from 'node:crypto'
import { WM_HEADERS, basic, sandbox } from '../helpers.js'
import { CC_TOKEN_URL, CLIENT, SECRET } from '../citi-helpers.js'

interface Answer { status: number, body: unknown, port: number }

/** A client with one keep-alive connection: every request goes over the same socket. */
async function oneConnection (t: Test, app: FastifyInstance) {
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  t.teardown(() => agent.destroy())
  return (method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => { text += chunk })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text === '' ? null : JSON.parse(text), port: res.socket?.localPort ?? (req.socket?.localPort ?? 0) }))
      })
      req.on('error', reject)
      req.end(body)
    })
}

t.test('Basic: one connection switching users and passwords is judged request by request', async (t) => {
  const { app } = await sandbox(t)
  const send = await oneConnection(t, app)
  const tickets = '/api/v1/customers/156714543005/tickets'
  const ticket = JSON.stringify({ reason_code: 'RES', service: { id: 1, code: '6FL' } })
  const json = { 'content-type': 'application/json' }

  const first = await send('POST', tickets, { ...WM_HEADERS, ...json }, ticket)
  t.equal(first.status, 200)
  t.same(first.body, { status: 'SUCCESS', transaction_id: '456' })

  const wrong = await send('GET', '/api/v1/customers/104127993008/profiles', { ...WM_HEADERS, authorization: basic('ocsuser', 'nope') })
  t.equal(wrong.status, 401)
  t.same(wrong.body, {
    error: { code: '401', message: 'Unauthorized', errors: [{ message: 'Authorization header does not hold a registered sandbox user and password' }] },
    request_tracking_id: '12345',
  })

  // Another tenant on the same connection counts its own tickets.
  const other = await send('POST', tickets, { ...WM_HEADERS, ...json, authorization: basic('ocsuser2', 'ocsuser2') }, ticket)
  t.equal(other.status, 200)
  t.same(other.body, { status: 'SUCCESS', transaction_id: '456' })

  const again = await send('POST', tickets, { ...WM_HEADERS, ...json }, ticket)
  t.equal(again.status, 200)
  t.same(again.body, { status: 'SUCCESS', transaction_id: '457' })
  t.equal(new Set([first.port, wrong.port, other.port, again.port]).size, 1, 'every request used the same connection')
})

t.test('Bearer: a token revoked between two requests on one connection is refused at once', async (t) => {
  const { app } = await sandbox(t)
  const send = await oneConnection(t, app)
  const form = { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(CLIENT, SECRET) }
  const issued = await send('POST', CC_TOKEN_URL, form, 'grant_type=client_credentials&scope=%2Fapi')
  t.equal(issued.status, 200)
  const token = (issued.body as { access_token: string }).access_token
  const headers = () => ({ authorization: `Bearer ${token}`, client_id: CLIENT, uuid: randomUUID(), accept: 'application/json' })

  const before = await send('GET', '/v1/customers/profiles/emails', headers())
  t.equal(before.status, 200)
  t.ok(Array.isArray((before.body as { emails: unknown[] }).emails), 'the customer\'s emails')

  const revoked = await send('POST', '/authCode/oauth2/revoke', form, `token=${token}&token_type_hint=access_token`)
  t.equal(revoked.status, 200)

  const after = await send('GET', '/v1/customers/profiles/emails', headers())
  t.equal(after.status, 401)
  t.same(after.body, { type: 'error', code: 'unAuthorized', details: 'Authorization header does not hold an access token issued by the sandbox', location: 'Authorization' })
  t.equal(new Set([issued.port, before.port, revoked.port, after.port]).size, 1, 'every request used the same connection')
})
