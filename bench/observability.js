#!/usr/bin/env node
// What CORS, metrics and per-request log lines cost a read, measured against bare Fastify in the
// same run (the machine is shared: only ratios taken side by side mean anything).
//
//   npm run build && node bench/observability.js
//
// One scenario of bench/scenarios.js (BENCH_ONLY picks it; default "IMIconnect sample GET") is
// driven by autocannon against six servers, never two at once, in short slices taking turns:
//   bare          Fastify answering the sandbox's own body (bench/bare.js)
//   plain         the sandbox with --cors off --metrics off (no CORS, no metrics, no request lines)
//   cors          CORS only (--metrics off)
//   metrics       metrics only (--cors off)
//   default       the sandbox as it starts by default without a terminal (CORS and metrics on)
//   log-requests  the default plus --log-requests on (one JSON line per request, read by this process)
// Each sandbox runs --in-memory --log-level info --customers 100000 --seed 1, as bench/run.js.
// It prints req/s and p99 of each, each sandbox's req/s ratio to bare, and the server's CPU time
// per request (from /proc; other load moves it least) with bare's over each sandbox's.
// Exit code 0; 2 for a bad setting.
//
// Settings (environment): BENCH_DURATION (seconds measured per server, 10), BENCH_WARMUP (2),
// BENCH_CONNECTIONS (10), BENCH_SLICES (10), BENCH_ONLY.
import { fork, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { SCENARIOS } from './scenarios.js'
import { HOST, cpuMs, freePort, setting } from './common.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const MAIN = join(ROOT, 'dist', 'main.js')
const BARE = fileURLToPath(new URL('bare.js', import.meta.url))
const settings = {
  duration: setting('BENCH_DURATION', 10, 1, 120),
  warmup: setting('BENCH_WARMUP', 2, 0, 30),
  connections: setting('BENCH_CONNECTIONS', 10, 1, 1000),
  slices: setting('BENCH_SLICES', 10, 1, 60),
}
const only = (process.env.BENCH_ONLY ?? 'IMIconnect sample GET').toLowerCase()
const scenario = SCENARIOS.find((s) => s.name.toLowerCase().includes(only))
if (scenario === undefined) {
  process.stderr.write(`bench: BENCH_ONLY="${only}" matches no scenario of bench/scenarios.js\n`)
  process.exit(2)
}

const VARIANTS = [
  { name: 'plain', flags: ['--cors', 'off', '--metrics', 'off', '--log-requests', 'off'] },
  { name: 'cors', flags: ['--metrics', 'off'] },
  { name: 'metrics', flags: ['--cors', 'off'] },
  { name: 'default', flags: [] },
  { name: 'log-requests', flags: ['--log-requests', 'on'] },
]

const children = new Set()
const tempDir = mkdtempSync(join(tmpdir(), 'sandbox-bench-obs-'))
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL')
  rmSync(tempDir, { recursive: true, force: true })
})
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130))

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

function env () {
  const out = { ...process.env }
  for (const name of Object.keys(out)) if (name.startsWith('SANDBOX_') || ['LOG_LEVEL', 'LOG_FORMAT', 'PORT', 'HOST', 'NODE_OPTIONS'].includes(name)) delete out[name]
  return out
}

async function startSandbox ({ name, flags }) {
  const port = await freePort()
  const child = spawn(process.execPath, [MAIN, '--in-memory', '--log-level', 'info', '--port', String(port), '--host', HOST,
    '--customers', '100000', '--seed', '1', ...flags], { cwd: ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  const lines = { count: 0 }
  // Read as a log collector would: every byte, counted by line.
  child.stdout.on('data', (chunk) => { for (const byte of chunk) if (byte === 10) lines.count++ })
  child.stderr.resume()
  const base = `http://${HOST}:${port}`
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(`${base}/__sandbox/health`)).status === 200) return { name, base, child, lines }
    } catch {}
    await sleep(50)
  }
  throw new Error(`the ${name} sandbox did not start`)
}

async function startBare (answer) {
  const file = join(tempDir, 'routes.json')
  writeFileSync(file, JSON.stringify([{ method: scenario.method ?? 'GET', route: scenario.route ?? scenario.path.split('?')[0], status: answer.status, body: answer.body, volatile: scenario.volatile ?? [] }]))
  const child = fork(BARE, [file], { cwd: ROOT, env: env(), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  children.add(child)
  const port = await new Promise((resolve) => child.once('message', (m) => resolve(m.port)))
  return { name: 'bare', base: `http://${HOST}:${port}`, child }
}

function drive (server, seconds) {
  return autocannon({
    url: server.base + scenario.path,
    method: scenario.method ?? 'GET',
    headers: scenario.headers ?? {},
    connections: settings.connections,
    duration: seconds,
  })
}

const sandboxes = []
for (const variant of VARIANTS) sandboxes.push(await startSandbox(variant))
if (scenario.prepare !== undefined) await scenario.prepare(sandboxes[0].base)
const first = await fetch(sandboxes[0].base + scenario.path, { method: scenario.method ?? 'GET', headers: scenario.headers ?? {} })
const answer = { status: first.status, body: await first.json() }
const servers = [await startBare(answer), ...sandboxes]
process.stdout.write(`observability benchmark: ${scenario.name}, node ${process.version}, ${settings.connections} connections, ` +
  `${settings.warmup} s warm-up + ${settings.duration} s per server in ${settings.slices} slices, taking turns, on ${HOST}\n`)

for (const server of servers) await drive(server, settings.warmup)
const totals = new Map(servers.map((s) => [s.name, { requests: 0, seconds: 0, cpu: 0, p99: [], non2xx: 0, errors: 0 }]))
const slice = Math.max(1, Math.round(settings.duration / settings.slices))
const linesBefore = new Map(sandboxes.map((s) => [s.name, s.lines.count]))
for (let i = 0; i < settings.slices; i++) {
  // Each slice in a different order, so no server always follows the same one.
  const order = servers.map((_, k) => servers[(k + i) % servers.length])
  for (const server of order) {
    const cpuBefore = cpuMs(server.child.pid)
    const result = await drive(server, slice)
    const total = totals.get(server.name)
    total.cpu += cpuMs(server.child.pid) - cpuBefore
    total.requests += result.requests.total
    total.seconds += result.duration
    total.p99.push(result.latency.p99)
    total.non2xx += result.non2xx
    total.errors += result.errors + result.timeouts
  }
}

const bare = totals.get('bare')
const rate = (t) => t.requests / t.seconds
const cpuPerRequest = (t) => t.cpu * 1000 / t.requests
process.stdout.write('\nserver         req/s   p99 ms (median of slices)  non-2xx  errors  req/s ratio to bare  server CPU µs/req  CPU ratio bare/sandbox  log lines\n')
for (const server of servers) {
  const t = totals.get(server.name)
  const p99 = [...t.p99].sort((a, b) => a - b)[Math.floor(t.p99.length / 2)]
  const lines = server.lines === undefined ? '' : String(server.lines.count - linesBefore.get(server.name))
  const ratio = server.name === 'bare' ? '' : (rate(t) / rate(bare)).toFixed(2)
  const cpuRatio = server.name === 'bare' ? '' : (cpuPerRequest(bare) / cpuPerRequest(t)).toFixed(2)
  process.stdout.write(`${server.name.padEnd(12)} ${rate(t).toFixed(0).padStart(7)}   ${String(p99).padStart(6)}                     ${String(t.non2xx).padStart(7)}  ${String(t.errors).padStart(6)}  ${ratio.padStart(19)}  ${cpuPerRequest(t).toFixed(1).padStart(17)}  ${cpuRatio.padStart(22)}  ${lines.padStart(9)}\n`)
}
process.exit(0)
