// The write workload shared by the write benchmarks (embedded and PostgreSQL engines): WM ticket
// creates (a counter and a record: no scan of the data set) by 100 extra WM users, each a tenant,
// and an unrelated read (another user's profiles).
import { fork, spawn } from 'node:child_process'
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { HOST, freePort } from './common.js'

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

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const MAIN = join(ROOT, 'dist', 'main.js')
const BARE = fileURLToPath(new URL('bare.js', import.meta.url))

/**
 * Starts the built sandbox (`node [nodeArgs] dist/main.js --port P --host 127.0.0.1 ...args`,
 * with an IPC channel for probes such as loop-delay.js), added to `children`; resolves once
 * /__sandbox/health answers 200.
 */
export async function startSandbox ({ args, nodeArgs = [], children }) {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" first`)
  const port = await freePort()
  const child = spawn(process.execPath, [...nodeArgs, MAIN, '--port', String(port), '--host', HOST, ...args], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  children.add(child)
  const base = `http://${HOST}:${port}`
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/__sandbox/health`)).status === 200) break
    } catch {}
    if (child.exitCode !== null) throw new Error('the sandbox exited during start-up')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return { child, base }
}

/**
 * The reference: a bare Fastify server answering the workload's two routes with what the
 * sandbox answers (its profile read copied from `sandbox`), in a process of its own.
 */
export async function startBare ({ sandbox, temp, execArgv = [], children }) {
  const file = join(temp, 'bare-routes.json')
  const profiles = await (await fetch(sandbox.base + READ.requests[0].path, { headers: READ.requests[0].headers })).json()
  writeFileSync(file, JSON.stringify([
    { method: 'POST', route: '/api/v1/customers/:customerId/tickets', status: 200, body: { status: 'SUCCESS', transaction_id: '456' } },
    { method: 'GET', route: '/api/v1/customers/:customerId/profiles', status: 200, body: profiles },
  ]))
  const child = fork(BARE, [file], { cwd: ROOT, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  children.add(child)
  const port = await new Promise((resolve) => child.once('message', (m) => resolve(m.port)))
  return { child, base: `http://${HOST}:${port}` }
}
