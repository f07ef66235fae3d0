// The write workload shared by the write benchmarks (embedded and PostgreSQL engines): WM ticket
// creates (a counter and a record: no scan of the data set) by 100 extra WM users, each a tenant,
// and an unrelated read (another user's profiles).
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const TENANTS = 100
const basic = (user) => 'Basic ' + Buffer.from(`${user}:bench-pass`).toString('base64')
const TICKET = JSON.stringify({ reason_code: 'RES', service: { id: 1, code: '6FL' } })
const TICKETS = '/api/v1/customers/156714543005/tickets'
const WM = (user) => ({ 'request-tracking-id': '1', profileid: 'eBiz_215', authorization: basic(user), 'content-type': 'application/json' })
export const READ = { requests: [{ method: 'GET', path: '/api/v1/customers/104127993008/profiles', headers: { 'request-tracking-id': '1', profileid: 'eBiz_215', authorization: 'Basic b2NzdXNlcjpvY3N1c2Vy' } }] }
export const USERS = Array.from({ length: TENANTS }, (_, i) => `bench-${i}`)

/** A copy of `root`'s fixtures in `temp` whose WM credentials hold the 100 users, bench-0 … bench-99, each a tenant of its own. */
export function fixtures (root, temp) {
  const dir = join(temp, 'fixtures')
  if (existsSync(dir)) return dir
  cpSync(join(root, 'fixtures'), dir, { recursive: true })
  const file = join(dir, 'wm', 'credentials.json')
  const credentials = JSON.parse(readFileSync(file, 'utf8'))
  for (const user of USERS) credentials.basicAuth.push({ username: user, password: 'bench-pass', tenant: user })
  writeFileSync(file, JSON.stringify(credentials))
  return dir
}

/**
 * Tickets for one user, or spread over many: like a client suite, each connection writes as one
 * user for a run of 50 requests, then as the next of its share of the users (50 connections over
 * 100 users: two users each). Headers are made once.
 */
export function writes (users, connections = 1) {
  const headers = users.map(WM)
  let clients = 0
  return [{
    method: 'POST',
    path: TICKETS,
    body: TICKET,
    headers: headers[0],
    setupRequest (req, context) {
      context.client ??= clients++
      context.sent = (context.sent ?? 0) + 1
      const turn = Math.floor(context.sent / 50)
      req.headers = headers[(context.client + turn * connections) % headers.length]
      return req
    },
  }]
}
