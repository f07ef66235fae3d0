#!/usr/bin/env node
// The PostgreSQL engine's benchmark: reads and acknowledged writes of a sandbox on
// `--store postgres://…`, with a bare Fastify server answering the same requests in the same run
// as the reference.
//
//   npm run build && BENCH_STORE=postgres://postgres@127.0.0.1:5432/postgres node bench/shared-store.js
//
// BENCH_STORE names the server (its database is used only to create a scratch database,
// sandbox_bench_<random>, dropped at the end). Targets:
//   reads (WM's profile, one tenant, 50 clients) ≥ 0.4× bare Fastify
//   ≥ 1,500 acknowledged writes/s (WM ticket creates) from 50 clients over 100 tenants
// Exit code 0 when both are met, 1 otherwise, 2 for a bad setting.
//
// Settings (environment): BENCH_STORE (required), BENCH_SECONDS (5), BENCH_REPLICAS (1: the
// load goes to the first; with 2 the writes are split between them), BENCH_JOURNAL_SIZE (1000;
// 0 turns the shared journal off).
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import pg from 'pg'
import { cpuMs, setting } from './common.js'
import { READ, TENANTS, USERS, fixtures, startBare, startSandbox, writes } from './write-load.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SECONDS = setting('BENCH_SECONDS', 5, 1, 60)
const REPLICAS = setting('BENCH_REPLICAS', 1, 1, 2)
// The shared journal stores every request before it is answered: 0 measures the store without it.
const JOURNAL = setting('BENCH_JOURNAL_SIZE', 1000, 0, 100000)
const STORE = process.env.BENCH_STORE ?? ''
if (!/^postgres(ql)?:\/\//.test(STORE)) {
  process.stderr.write('bench: BENCH_STORE must be a postgres:// URL of a server this benchmark may create a database on\n')
  process.exit(2)
}

const children = new Set()
const temp = mkdtempSync(join(tmpdir(), 'profile-sandbox-shared-'))
const scratch = `sandbox_bench_${Math.random().toString(16).slice(2, 10)}`
const adminUrl = STORE
const storeUrl = (() => { const u = new URL(STORE); u.pathname = `/${scratch}`; return u.toString() })()
async function admin (sql) {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try { await client.query(sql) } finally { await client.end() }
}
let dropped = false
async function cleanUp () {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  rmSync(temp, { recursive: true, force: true })
  if (!dropped) { dropped = true; await admin(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`).catch(() => {}) }
}
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => { void cleanUp().then(() => process.exit(130)) })
setTimeout(() => { process.stderr.write('bench: the shared-store benchmark took longer than 10 minutes\n'); void cleanUp().then(() => process.exit(1)) }, 600_000).unref()



/** CPU time used so far by every PostgreSQL process on this machine (the server's backends are kept open by the pools). */
function postgresCpuMs () {
  let total = 0
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') total += cpuMs(pid)
    } catch {}
  }
  return total
}

const failures = []
/**
 * One load phase. Besides the rate, the CPU time per request of the servers that answered it
 * (the sandbox or bare process, and PostgreSQL): the figure other load on the machine moves least.
 */
async function cannon (server, options, label) {
  const started = performance.now()
  const serverCpu = cpuMs(server.child.pid)
  const pgCpu = postgresCpuMs()
  const result = await autocannon({ url: server.base, timeout: 10, ...options })
  const bad = result.non2xx + result.errors
  if (bad > 0) failures.push(`${label}: ${result.non2xx} non-2xx answers, ${result.errors} socket errors`)
  const seconds = (performance.now() - started) / 1000
  const n = Math.max(1, result.requests.total)
  return {
    rps: result.requests.total / seconds,
    p99: result.latency.p99,
    serverUs: (cpuMs(server.child.pid) - serverCpu) * 1000 / n,
    pgUs: (postgresCpuMs() - pgCpu) * 1000 / n,
  }
}
const cpu = (phase) => `CPU/request: server ${phase.serverUs.toFixed(0)} µs, PostgreSQL ${phase.pgUs.toFixed(0)} µs`


try {
  await admin(`CREATE DATABASE ${scratch}`)
  const replicas = []
  for (let i = 0; i < REPLICAS; i++) replicas.push(await startSandbox({ args: ['--store', storeUrl, '--fixtures', fixtures(ROOT, temp), '--log-level', 'warn', '--journal-size', String(JOURNAL)], children }))
  const sandbox = replicas[0]
  const bare = await startBare({ sandbox, temp, children })
  const users = USERS
  console.log(`profile-sandbox shared-store benchmark: node ${process.version}, PostgreSQL engine (${REPLICAS} replica${REPLICAS > 1 ? 's' : ''}, journal ${JOURNAL === 0 ? 'off' : `of ${JOURNAL}`}), ${SECONDS} s per phase, 127.0.0.1\n`)
  // Warm-up (JIT, connections, the tenants' rows).
  await cannon(sandbox, { connections: 8, amount: 3000, ...READ }, 'warm-up')
  await cannon(sandbox, { connections: 8, amount: 1000, requests: writes(users) }, 'warm-up writes')
  await cannon(bare, { connections: 8, amount: 3000, ...READ }, 'warm-up (bare)')

  const reads = await cannon(sandbox, { connections: 50, duration: SECONDS, ...READ }, 'reads')
  const readsBare = await cannon(bare, { connections: 50, duration: SECONDS, ...READ }, 'reads (bare)')
  const ratio = reads.rps / readsBare.rps
  const rows = [['reads, 50 clients', `${reads.rps.toFixed(0)} req/s, p99 ${reads.p99} ms (bare ${readsBare.rps.toFixed(0)}/s: ${ratio.toFixed(2)}×)`, '≥ 0.4× bare', ratio >= 0.4]]
  const phases = replicas.map((r, i) => cannon(r, { connections: 50 / REPLICAS, duration: SECONDS, requests: writes(users.filter((_, u) => u % REPLICAS === i), 50 / REPLICAS) }, `writes via replica ${i + 1}`))
  const written = await Promise.all(phases)
  const total = written.reduce((sum, w) => sum + w.rps, 0)
  rows.push([`writes, 50 clients over ${TENANTS} tenants`, `${total.toFixed(0)} acknowledged/s, p99 ${Math.max(...written.map((w) => w.p99))} ms`, '≥ 1500/s', total >= 1500])
  for (const [phase, figure, target, pass] of rows) {
    console.log(`${phase.padEnd(36)}  ${figure.padEnd(64)}  ${target.padEnd(12)}  ${pass ? 'PASS' : 'FAIL'}`)
    if (!pass) failures.push(`${phase}: ${figure} (target ${target})`)
  }
  console.log(`\nreads: ${cpu(reads)}; bare Fastify ${readsBare.serverUs.toFixed(0)} µs`)
  console.log(`writes: ${written.map((w, i) => `replica ${i + 1} ${cpu(w)}`).join('; ')}`)
  console.log(`(CPU per request counts every PostgreSQL process on the machine: another user of it inflates the figure)`)
} catch (err) {
  failures.push(err.message)
}
await cleanUp()
if (failures.length > 0) {
  console.log(`\nFAIL:\n  ${failures.join('\n  ')}`)
  process.exit(1)
}
console.log('\nPASS: every shared-store target met.')
process.exit(0)
