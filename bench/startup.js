#!/usr/bin/env node
// Start-up benchmark: how soon a freshly spawned server answers its first 200, and its resident
// memory then, for the sandbox against a bare Fastify server (bench/bare.js, one route) measured
// in the same run, taking turns, each start repeated and the median kept:
//
//   bare Fastify          node bench/bare.js (one route)
//   sandbox               node dist/main.js --in-memory (all five APIs)
//   sandbox, 100k         the same with --customers 100000
//   npm start             npm start -- --in-memory, on a built tree (scripts/build.js finds nothing to do)
//
// Each start is timed from spawn until GET /__sandbox/health (the bare server answers the same
// route) answers 200; RSS is read from /proc right after. Servers listen on 127.0.0.1, each is
// stopped before the next starts.
//
//   node bench/startup.js     (npm run bench runs it too, after the load scenarios)
//
// Settings (environment): BENCH_STARTS   starts per server (5; 0 skips the start-up scenarios)
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { HOST, freePort } from './common.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const HEALTH = '/__sandbox/health'

/** The targets: ratios against bare Fastify, and absolute budgets. */
export const STARTUP_TARGETS = {
  startupRatio: 1.5,
  rssRatio: 1.3,
  npmStartMs: 1500,
  customersStartMs: 1500,
  customersRssMiB: 300,
}


const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

function rssMiB (pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN) / 1024
}

let clockTicks = 100
try { clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100 } catch {}

/** CPU time (user + system) a process has used so far, in ms: the figure least moved by other load. */
function cpuMs (pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 1000 / clockTicks
}

/** The pid of the process that listens: npm start runs node under npm and a shell. */
function listenerPid (rootPid) {
  let pid = rootPid
  for (let depth = 0; depth < 4; depth++) {
    let children
    try {
      children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)
    } catch {
      return pid
    }
    if (children.length === 0) return pid
    pid = Number(children[children.length - 1])
  }
  return pid
}

function cleanEnv () {
  // The sandbox's own environment settings would change what is measured: the flags decide.
  const env = { ...process.env }
  for (const name of Object.keys(env)) {
    if (name.startsWith('SANDBOX_') || ['LOG_LEVEL', 'PORT', 'HOST', 'NODE_OPTIONS'].includes(name)) delete env[name]
  }
  return env
}

// Every start runs in a process group of its own; none outlives this process, however it ends.
const live = new Set()
process.on('exit', () => { for (const child of live) try { process.kill(-child.pid, 'SIGKILL') } catch {} })

function stop (child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const kill = (signal) => { try { process.kill(-child.pid, signal) } catch {} }
    const timer = setTimeout(() => { kill('SIGKILL'); resolve() }, 3000)
    child.once('exit', () => { clearTimeout(timer); resolve() })
    kill('SIGTERM')
  })
}

/** One start: spawn, poll until the first 200, read RSS, stop. */
async function startOnce (command, args, port, timeoutMs) {
  const started = performance.now()
  // Its own process group: npm's children are stopped with it.
  const child = spawn(command, args, { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'ignore', 'pipe'], detached: true })
  live.add(child)
  child.once('exit', () => live.delete(child))
  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk) => { if (stderr.length < 4000) stderr += chunk })
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${[command, ...args].join(' ')} exited (code ${child.exitCode}): ${stderr.trim().slice(0, 500)}`)
      if (performance.now() - started > timeoutMs) throw new Error(`${[command, ...args].join(' ')} did not answer 200 within ${timeoutMs / 1000} s`)
      try {
        const response = await fetch(`http://${HOST}:${port}${HEALTH}`, { signal: AbortSignal.timeout(1000) })
        await response.arrayBuffer()
        if (response.status === 200) break
      } catch {}
      await sleep(2)
    }
    const ms = performance.now() - started
    const pid = listenerPid(child.pid)
    return { ms, rss: rssMiB(pid), cpu: cpuMs(pid) }
  } finally {
    await stop(child)
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** The kinds of start measured; `args(port)` gives the command line. */
function kinds (tempDir) {
  const routes = join(tempDir, 'health-route.json')
  writeFileSync(routes, JSON.stringify([{ method: 'GET', route: HEALTH, status: 200, body: { status: 'ok' } }]))
  const sandbox = (port, extra = []) => [join(ROOT, 'dist', 'main.js'), '--in-memory', '--log-level', 'info', '--host', HOST, '--port', String(port), ...extra]
  const npmCli = process.env.npm_execpath
  return [
    { name: 'bare Fastify (one route)', command: process.execPath, args: (port) => [join(ROOT, 'bench', 'bare.js'), routes, String(port)] },
    { name: 'sandbox (five APIs)', command: process.execPath, args: (port) => sandbox(port) },
    { name: 'sandbox, --customers 100000', command: process.execPath, args: (port) => sandbox(port, ['--customers', '100000', '--seed', '1']) },
    {
      name: 'npm start (built tree)',
      // Built first (not timed): a file changed since would make npm start rebuild.
      before: () => spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.js')], { cwd: ROOT, stdio: 'ignore' }),
      // Through npm itself, as a user types it; npm's own start-up is part of the figure.
      command: npmCli === undefined ? 'npm' : process.execPath,
      args: (port) => [...(npmCli === undefined ? [] : [npmCli]), 'start', '--silent', '--', '--in-memory', '--port', String(port)],
    },
  ]
}

/**
 * Runs every kind of start `repeats` times, taking turns, and returns the table rows and the
 * targets missed (none: an empty list).
 */
export async function measureStartups (repeats) {
  const tempDir = mkdtempSync(join(tmpdir(), 'profile-sandbox-startup-'))
  try {
    const list = kinds(tempDir)
    const samples = new Map(list.map((k) => [k.name, []]))
    for (let round = 0; round < repeats; round++) {
      for (const kind of list) {
        kind.before?.()
        const port = await freePort()
        samples.get(kind.name).push(await startOnce(kind.command, kind.args(port), port, 20000))
      }
    }
    const summary = list.map((kind) => {
      const runs = samples.get(kind.name)
      const ms = runs.map((r) => r.ms)
      return { name: kind.name, ms: median(ms), min: Math.min(...ms), max: Math.max(...ms), rss: median(runs.map((r) => r.rss)), cpu: median(runs.map((r) => r.cpu)) }
    })
    const [bare, sandbox, customers, npmStart] = summary
    const t = STARTUP_TARGETS
    const checks = [
      [`sandbox start-up ${(sandbox.ms / bare.ms).toFixed(2)}× bare`, sandbox.ms / bare.ms <= t.startupRatio, `≤ ${t.startupRatio}×`],
      [`sandbox RSS ${(sandbox.rss / bare.rss).toFixed(2)}× bare`, sandbox.rss / bare.rss <= t.rssRatio, `≤ ${t.rssRatio}×`],
      [`npm start ${Math.round(npmStart.ms)} ms`, npmStart.ms <= t.npmStartMs, `≤ ${t.npmStartMs} ms`],
      [`--customers 100000 start-up ${Math.round(customers.ms)} ms`, customers.ms <= t.customersStartMs, `≤ ${t.customersStartMs} ms`],
      [`--customers 100000 RSS ${customers.rss.toFixed(1)} MiB`, customers.rss <= t.customersRssMiB, `≤ ${t.customersRssMiB} MiB`],
    ]
    // Informative: the server's own CPU time until its first answer, the steadier figure on a busy machine.
    const cpuRatio = sandbox.cpu / bare.cpu
    return { repeats, summary, checks, cpuRatio }
  } finally {
    rmSync(tempDir, { recursive: true, force: true })
  }
}

/** The start-up results as text: a table, then each target with PASS or FAIL. */
export function startupReport ({ repeats, summary, checks, cpuRatio }) {
  const lines = [`start-up (median of ${repeats} starts each, spawn until the first 200 of ${HEALTH}; RSS and the server process's CPU time right after):`]
  const width = Math.max(...summary.map((s) => s.name.length))
  for (const s of summary) {
    lines.push(`  ${s.name.padEnd(width)}  ${String(Math.round(s.ms)).padStart(5)} ms (${Math.round(s.min)}–${Math.round(s.max)})  RSS ${s.rss.toFixed(1).padStart(6)} MiB  CPU ${String(Math.round(s.cpu)).padStart(4)} ms`)
  }
  lines.push(`  sandbox CPU time ${cpuRatio.toFixed(2)}× bare's (not a target: the figure other load moves least)`)
  for (const [what, pass, target] of checks) lines.push(`  ${what} (target ${target})  ${pass ? 'PASS' : 'FAIL'}`)
  return lines.join('\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const raw = process.env.BENCH_STARTS ?? '5'
  const repeats = Number(raw)
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > 50) {
    process.stderr.write(`bench: BENCH_STARTS must be a whole number from 1 to 50, not "${raw}"\n`)
    process.exit(2)
  }
  const result = await measureStartups(repeats)
  console.log(startupReport(result))
  process.exit(result.checks.every(([, pass]) => pass) ? 0 : 1)
}
