#!/usr/bin/env node
// Load benchmark: the sandbox against a bare Fastify server answering the same JSON.
//
//   npm run bench            (builds, then runs this file)
//
// For every scenario of bench/scenarios.js, autocannon drives the bare server and the sandbox
// with the same settings, never both at once: a warm-up of each, then short slices taking
// turns. It prints req/s, p50/p99 latency, non-2xx and errors per server, the ratio
// sandbox/bare req/s against the target, the sandbox's start-up time and resident memory, and
// how busy each process and the rest of the machine were (a busy machine is flagged).
//
// Exit code: 0 when every ratio reaches the target and no request failed; 1 otherwise (a ratio
// below target, a non-2xx answer, a socket error or timeout, a warning or error in the sandbox's
// log, or a failed start-up or check); 2 for a bad setting; 130 when interrupted. Child
// processes are stopped in every case. Nothing is written into the repository.
//
// Settings (environment):
//   BENCH_DURATION     seconds measured per server and scenario (5)
//   BENCH_WARMUP       seconds of warm-up per server and scenario (1)
//   BENCH_CONNECTIONS  concurrent connections (10)
//   BENCH_SLICES       slices the measured time is cut into, bare and sandbox taking turns (5)
//   BENCH_ONLY         run only the scenarios whose name contains this text
//   BENCH_STARTS       starts per server in the start-up scenarios of bench/startup.js (5; 0 skips them)
//   BENCH_SANDBOX_NODE_ARGS, BENCH_BARE_NODE_ARGS
//                      extra node flags for one server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
//                      to profile it under load (the profile is written when it is stopped)
import { fork, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { SCENARIOS } from './scenarios.js'
import { measureStartups, startupReport } from './startup.js'
import { HOST, clockTicks, cpuMs, freePort, setting } from './common.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const MAIN = join(ROOT, 'dist', 'main.js')
const BARE = fileURLToPath(new URL('bare.js', import.meta.url))
/** Sandbox req/s over bare req/s, per scenario. */
const TARGET = 0.6
// The sandbox is measured on a realistic data set: this many generated customers per API.
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100000)
// Budgets for that data set: start-up (spawn until healthy) and resident memory after the run.
const STARTUP_BUDGET_MS = 5000
const RSS_BUDGET_MIB = 512
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i


const settings = {
  duration: setting('BENCH_DURATION', 5, 1, 60),
  warmup: setting('BENCH_WARMUP', 1, 0, 30),
  connections: setting('BENCH_CONNECTIONS', 10, 1, 1000),
  slices: setting('BENCH_SLICES', 5, 1, 60),
  starts: setting('BENCH_STARTS', 5, 0, 50),
}
const nodeArgs = (name) => (process.env[name] ?? '').split(/\s+/).filter((a) => a !== '')
const sandboxNodeArgs = nodeArgs('BENCH_SANDBOX_NODE_ARGS')
const bareNodeArgs = nodeArgs('BENCH_BARE_NODE_ARGS')
const only = (process.env.BENCH_ONLY ?? '').toLowerCase()
const scenarios = SCENARIOS.filter((s) => s.name.toLowerCase().includes(only))
if (scenarios.length === 0) {
  process.stderr.write(`bench: BENCH_ONLY="${process.env.BENCH_ONLY}" matches no scenario of bench/scenarios.js\n`)
  process.exit(2)
}
/** Other processes' CPU (share of one core) above which a measurement is flagged as disturbed. */
const BUSY = 0.25

// ---------------------------------------------------------------------------------------------
// Child processes: tracked, and stopped whatever way the run ends.

const children = new Set()
let tempDir

function stopChild (child, graceMs = 3000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); resolve() }, graceMs)
    child.once('exit', () => { clearTimeout(timer); resolve() })
    child.kill('SIGTERM')
  })
}

async function cleanup () {
  await Promise.all([...children].map((child) => stopChild(child)))
  children.clear()
  if (tempDir !== undefined) rmSync(tempDir, { recursive: true, force: true })
  tempDir = undefined
}

// Last resort, synchronous: no child outlives this process.
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  if (tempDir !== undefined) rmSync(tempDir, { recursive: true, force: true })
})

class BenchError extends Error {}

function fail (message) {
  throw new BenchError(message)
}

async function abort (message, code) {
  process.stderr.write(`\nbench: ${message}\n`)
  await cleanup()
  process.exit(code)
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => { void abort(`interrupted (${signal}); servers stopped; exit code 130`, 130) })
}

// The whole run is bounded: start-ups, checks, warm-ups and measurements, with a margin.
const budgetMs = (scenarios.length * 2 * (settings.warmup + settings.duration + 3 + settings.slices) + settings.starts * 4 * 8 + 45) * 1000
setTimeout(() => { void abort(`the run took longer than ${Math.round(budgetMs / 1000)} s; servers stopped; exit code 1`, 1) }, budgetMs).unref()

// ---------------------------------------------------------------------------------------------
// Helpers


const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Resident set size of a process, in MiB, from /proc/<pid>/status (VmRSS; VmHWM is the peak). */
function memory (pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 }
}

/** CPU time all cores spent busy so far, in ms, from /proc/stat (steal counts: the time was not ours). */
function machineBusyMs () {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number)
  return (user + nice + system + irq + softirq + steal) * 1000 / clockTicks
}

function childEnv () {
  // The sandbox's own environment settings would change what is measured: the flags decide.
  const env = { ...process.env }
  for (const name of Object.keys(env)) {
    if (name.startsWith('SANDBOX_') || ['LOG_LEVEL', 'PORT', 'HOST', 'NODE_OPTIONS'].includes(name)) delete env[name]
  }
  return env
}

/**
 * Waits for a child's start-up: resolves with what `ready` resolves; fails when the child exits
 * or cannot be spawned first, or when `ms` pass. Leaves no listener or timer behind.
 */
function startUp (child, what, ready, ms) {
  return new Promise((resolve, reject) => {
    const done = (settle, value) => {
      clearTimeout(timer)
      child.off('exit', onExit)
      child.off('error', onError)
      settle(value)
    }
    const onExit = (code, signal) => done(reject, new BenchError(`${what} exited during start-up (${signal ?? `code ${code}`})`))
    const onError = (err) => done(reject, new BenchError(`${what} could not be started: ${err.message}`))
    const timer = setTimeout(() => done(reject, new BenchError(`${what} did not start within ${ms / 1000} s`)), ms)
    child.once('exit', onExit)
    child.once('error', onError)
    ready.then((value) => done(resolve, value), (err) => done(reject, err))
  })
}

// ---------------------------------------------------------------------------------------------
// The servers

async function startSandbox () {
  if (!existsSync(MAIN)) fail(`${MAIN} is missing: run "npm run build" first (npm run bench does)`)
  const port = await freePort()
  const args = [...sandboxNodeArgs, MAIN, '--in-memory', '--log-level', 'info', '--port', String(port), '--host', HOST,
    '--customers', String(CUSTOMERS), '--seed', '1']
  const started = performance.now()
  const child = spawn(process.execPath, args, { cwd: ROOT, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)

  // Its log, read line by line: warnings and errors during the run fail it.
  const log = { tail: [], problems: [] }
  const collect = (stream) => {
    let pending = ''
    stream.setEncoding('utf8')
    stream.on('data', (chunk) => {
      const lines = (pending + chunk).split('\n')
      pending = lines.pop()
      for (const line of lines) {
        if (line.trim() === '') continue
        log.tail.push(line)
        if (log.tail.length > 20) log.tail.shift()
        let level = 50
        try { level = JSON.parse(line).level ?? 50 } catch {}
        if (level >= 40 && log.problems.length < 5) log.problems.push(line)
      }
    })
  }
  collect(child.stdout)
  collect(child.stderr)

  const base = `http://${HOST}:${port}`
  let waiting = true
  const healthy = (async () => {
    while (waiting) {
      try {
        const response = await fetch(`${base}/__sandbox/health`, { signal: AbortSignal.timeout(1000) })
        await response.arrayBuffer()
        if (response.status === 200) return performance.now() - started
      } catch {}
      await sleep(5)
    }
  })()
  let startupMs
  try {
    startupMs = await startUp(child, 'the sandbox (until /__sandbox/health answers 200)', healthy, 20000)
  } catch (err) {
    if (log.tail.length > 0) err.message += `\n  its last output:\n    ${log.tail.join('\n    ')}`
    throw err
  } finally {
    waiting = false
  }
  return { name: 'sandbox', child, base, startupMs, log, memoryAtStart: memory(child.pid) }
}

async function startBare (routes) {
  const file = join(tempDir, 'bare-routes.json')
  writeFileSync(file, JSON.stringify(routes))
  const child = fork(BARE, [file], { cwd: ROOT, env: childEnv(), execArgv: bareNodeArgs, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  children.add(child)
  const listening = new Promise((resolve) => child.once('message', (m) => resolve(m.port)))
  const port = await startUp(child, 'the bare server', listening, 10000)
  return { name: 'bare', child, base: `http://${HOST}:${port}` }
}

// ---------------------------------------------------------------------------------------------
// Checks before measuring

async function call (server, scenario) {
  const response = await fetch(server.base + scenario.path, {
    method: scenario.method ?? 'GET',
    headers: scenario.headers ?? {},
    ...(scenario.body === undefined ? {} : { body: scenario.body }),
    signal: AbortSignal.timeout(5000),
  })
  const text = await response.text()
  let body
  try { body = JSON.parse(text) } catch { body = undefined }
  return { status: response.status, type: response.headers.get('content-type'), headers: response.headers, text, body }
}

/** The scenario's responseHeaders as the answer carries them (name → value; absent → null). */
function pickHeaders (answer, scenario) {
  return Object.fromEntries((scenario.responseHeaders ?? []).map((name) => [name, answer.headers.get(name)]))
}

function withoutVolatile (body, scenario) {
  const copy = { ...body }
  for (const field of scenario.volatile ?? []) delete copy[field]
  return copy
}

function checkVolatile (answer, scenario, who) {
  for (const field of scenario.volatile ?? []) {
    if (!UUID.test(String(answer.body?.[field]))) fail(`${scenario.name}: ${who}'s "${field}" is not a UUID: ${JSON.stringify(answer.body?.[field])}`)
  }
}

/** The sandbox's answer to a scenario: the documented status and a JSON object, else the run stops. */
async function sandboxAnswer (sandbox, scenario) {
  const answer = await call(sandbox, scenario)
  const expected = scenario.status ?? 200
  if (answer.status !== expected) {
    fail(`${scenario.name}: the sandbox answered ${answer.status}, not ${expected}: ${answer.text.slice(0, 500)}`)
  }
  if (answer.body === null || typeof answer.body !== 'object') fail(`${scenario.name}: the sandbox's answer is not a JSON object: ${answer.text.slice(0, 500)}`)
  checkVolatile(answer, scenario, 'the sandbox')
  // A field that changes from one answer to the next must be declared, or the bare server would
  // answer a stale copy of it.
  const again = await call(sandbox, scenario)
  const changed = Object.keys({ ...answer.body, ...again.body })
    .filter((k) => !(scenario.volatile ?? []).includes(k) && !isDeepStrictEqual(answer.body[k], again.body?.[k]))
  if (again.status !== answer.status || changed.length > 0) {
    fail(`${scenario.name}: the sandbox's answer changes from one request to the next (${changed.join(', ') || 'status'}); ` +
      'list fields holding a fresh UUID in the scenario\'s volatile')
  }
  return answer
}

/** The bare server must answer exactly what the sandbox answers (fresh UUIDs aside). */
async function checkBare (bare, scenario, reference) {
  const answer = await call(bare, scenario)
  if (answer.status !== reference.status) fail(`${scenario.name}: the bare server answered ${answer.status}, the sandbox ${reference.status}`)
  if (answer.type !== reference.type) fail(`${scenario.name}: content types differ: bare "${answer.type}", sandbox "${reference.type}"`)
  checkVolatile(answer, scenario, 'the bare server')
  if (!isDeepStrictEqual(pickHeaders(answer, scenario), pickHeaders(reference, scenario))) {
    fail(`${scenario.name}: response headers differ: bare ${JSON.stringify(pickHeaders(answer, scenario))}, sandbox ${JSON.stringify(pickHeaders(reference, scenario))}`)
  }
  if (!isDeepStrictEqual(withoutVolatile(answer.body, scenario), withoutVolatile(reference.body, scenario))) {
    fail(`${scenario.name}: the bare server's body differs from the sandbox's:\n  bare:    ${answer.text}\n  sandbox: ${reference.text}`)
  }
}

// ---------------------------------------------------------------------------------------------
// Measurement

/**
 * Latencies of the responses, in ms. autocannon's own histogram keeps whole milliseconds, too
 * coarse for a local server; the exact times come with its 'response' events.
 */
class Latencies {
  #values = new Float64Array(1 << 16)
  #count = 0

  add (ms) {
    if (this.#count === this.#values.length) {
      const grown = new Float64Array(this.#values.length * 2)
      grown.set(this.#values)
      this.#values = grown
    }
    this.#values[this.#count++] = ms
  }

  /** Nearest-rank percentiles, e.g. [50, 99]. */
  percentiles (ps) {
    const sorted = this.#values.subarray(0, this.#count).sort()
    return ps.map((p) => (this.#count === 0 ? NaN : sorted[Math.min(this.#count - 1, Math.ceil((p / 100) * this.#count) - 1)]))
  }
}

function cannon (server, scenario, duration, latencies) {
  const instance = autocannon({
    url: server.base + scenario.path,
    method: scenario.method ?? 'GET',
    headers: scenario.headers ?? {},
    ...(scenario.body === undefined ? {} : { body: scenario.body }),
    connections: settings.connections,
    duration,
    timeout: 10,
  })
  if (latencies !== undefined) {
    instance.on('response', (_client, status, _bytes, ms) => { if (status >= 200 && status < 300) latencies.add(ms) })
  }
  return instance
}

/** One server's figures for one scenario, summed over its slices. */
class Tally {
  latencies = new Latencies()
  requests = 0
  elapsedMs = 0
  non2xx = 0
  errors = 0
  timeouts = 0
  warmupFailures = 0
  serverMs = 0
  clientMs = 0
  machineMs = 0

  summary () {
    const [p50, p99] = this.latencies.percentiles([50, 99])
    const share = (ms) => ms / this.elapsedMs
    return {
      rps: this.requests * 1000 / this.elapsedMs,
      requests: this.requests,
      p50,
      p99,
      non2xx: this.non2xx,
      errors: this.errors,
      timeouts: this.timeouts,
      warmupFailures: this.warmupFailures,
      serverCpu: share(this.serverMs),
      serverUsPerRequest: this.serverMs * 1000 / this.requests,
      clientCpu: share(this.clientMs),
      // Everything else the machine did meanwhile: other processes, and the kernel's loopback
      // work that is charged to neither process.
      otherCpu: Math.max(0, share(this.machineMs - this.serverMs - this.clientMs)),
    }
  }
}

async function warmUp (server, scenario, tally) {
  if (settings.warmup === 0) return
  const r = await cannon(server, scenario, settings.warmup)
  tally.warmupFailures += r.non2xx + r.errors
}

async function slice (server, scenario, seconds, tally) {
  const serverCpu = cpuMs(server.child.pid)
  const clientCpu = process.cpuUsage()
  const machine = machineBusyMs()
  const wall = performance.now()
  const r = await cannon(server, scenario, seconds, tally.latencies)
  tally.elapsedMs += performance.now() - wall
  const client = process.cpuUsage(clientCpu)
  tally.serverMs += cpuMs(server.child.pid) - serverCpu
  tally.clientMs += (client.user + client.system) / 1000
  tally.machineMs += machineBusyMs() - machine
  tally.requests += r.requests.total
  tally.non2xx += r.non2xx
  tally.errors += r.errors
  tally.timeouts += r.timeouts
}

/**
 * One scenario on both servers: a warm-up of each, then the measured time in slices that
 * alternate between them (bare, sandbox, sandbox, bare, …), so that a change in the machine's
 * other load falls on both alike.
 */
async function measure (servers, scenario) {
  const tallies = new Map(servers.map((server) => [server, new Tally()]))
  for (const server of servers) await warmUp(server, scenario, tallies.get(server))
  const seconds = settings.duration / settings.slices
  for (let i = 0; i < settings.slices; i++) {
    const order = i % 2 === 0 ? servers : [...servers].reverse()
    for (const server of order) await slice(server, scenario, seconds, tallies.get(server))
  }
  return Object.fromEntries(servers.map((server) => [server.name, tallies.get(server).summary()]))
}

// ---------------------------------------------------------------------------------------------
// Report

function table (header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)))
  const line = (cells) => cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ')
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

const fixed = (n, digits) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a')
const pct = (n) => `${Math.round(n * 100)}%`

async function main () {
  tempDir = mkdtempSync(join(tmpdir(), 'profile-sandbox-bench-'))
  console.log(`profile-sandbox load benchmark: node ${process.version}, ${scenarios.length} scenario(s), ` +
    `${settings.connections} connections, ${settings.warmup} s warm-up + ${settings.duration} s measured per server ` +
    `in ${settings.slices} slices, bare and sandbox taking turns (never at once) on ${HOST}`)
  if (sandboxNodeArgs.length > 0) console.log(`sandbox node flags: ${sandboxNodeArgs.join(' ')}`)
  if (bareNodeArgs.length > 0) console.log(`bare server node flags: ${bareNodeArgs.join(' ')}`)

  const sandbox = await startSandbox()
  console.log(`sandbox up (pid ${sandbox.child.pid}) at ${sandbox.base} in ${fixed(sandbox.startupMs, 0)} ms`)

  // A scenario may need set-up against the running sandbox first (e.g. an access token for its headers).
  for (const scenario of scenarios) if (scenario.prepare !== undefined) await scenario.prepare(sandbox.base)
  const references = []
  for (const scenario of scenarios) references.push(await sandboxAnswer(sandbox, scenario))
  const bare = await startBare(scenarios.map((scenario, i) => ({
    method: scenario.method ?? 'GET',
    route: scenario.route ?? scenario.path.split('?')[0],
    status: references[i].status,
    body: references[i].body,
    volatile: scenario.volatile ?? [],
    headers: pickHeaders(references[i], scenario),
  })))
  for (const [i, scenario] of scenarios.entries()) await checkBare(bare, scenario, references[i])
  console.log(`bare Fastify up (pid ${bare.child.pid}) at ${bare.base}; every scenario answers ${references.map((r) => r.status).join('/')} with the same JSON on both\n`)

  const results = []
  for (const scenario of scenarios) {
    process.stdout.write(`  ${scenario.name} …`)
    const measured = await measure([bare, sandbox], scenario)
    process.stdout.write(` bare ${fixed(measured.bare.rps, 0)} req/s, sandbox ${fixed(measured.sandbox.rps, 0)} req/s\n`)
    results.push({ scenario, ...measured })
  }
  const memoryAfter = memory(sandbox.child.pid)
  const logProblems = sandbox.log.problems

  const rows = []
  for (const { scenario, bare: b, sandbox: s } of results) {
    for (const [name, m] of [['bare', b], ['sandbox', s]]) {
      rows.push([scenario.name, name, fixed(m.rps, 0), fixed(m.p50, 2), fixed(m.p99, 2),
        m.non2xx + m.warmupFailures, m.errors, fixed(m.serverUsPerRequest, 1), pct(m.serverCpu), pct(m.clientCpu), pct(m.otherCpu)])
    }
  }
  console.log('\n' + table(['scenario', 'server', 'req/s (mean)', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'server µs/req', 'server CPU', 'client CPU', 'other CPU'], rows))

  const failures = []
  console.log(`\nratio sandbox/bare req/s (target ≥ ${TARGET.toFixed(2)}):`)
  for (const { scenario, bare: b, sandbox: s } of results) {
    const ratio = s.rps / b.rps
    const pass = ratio >= TARGET
    if (!pass) failures.push(`${scenario.name}: ratio ${fixed(ratio, 2)} < ${TARGET.toFixed(2)}`)
    console.log(`  ${scenario.name.padEnd(Math.max(...scenarios.map((sc) => sc.name.length)))}  ${fixed(ratio, 2)}  ${pass ? 'PASS' : 'FAIL'}` +
      `   (CPU per request, bare/sandbox: ${fixed(b.serverUsPerRequest / s.serverUsPerRequest, 2)})`)
  }
  for (const { scenario, ...measured } of results) {
    for (const name of ['bare', 'sandbox']) {
      const m = measured[name]
      const bad = m.non2xx + m.warmupFailures + m.errors
      if (bad > 0) failures.push(`${scenario.name} / ${name}: ${m.non2xx + m.warmupFailures} non-2xx, ${m.errors} socket errors (${m.timeouts} of them timeouts)`)
    }
  }
  if (sandbox.startupMs > STARTUP_BUDGET_MS) failures.push(`start-up with ${CUSTOMERS} customers took ${fixed(sandbox.startupMs, 0)} ms > ${STARTUP_BUDGET_MS} ms`)
  if (memoryAfter.peak > RSS_BUDGET_MIB) failures.push(`peak RSS ${fixed(memoryAfter.peak, 1)} MiB > ${RSS_BUDGET_MIB} MiB`)
  if (logProblems.length > 0) failures.push(`the sandbox logged warnings or errors:\n    ${logProblems.join('\n    ')}`)

  console.log(`\nsandbox with ${CUSTOMERS} generated customers per API (budgets: start-up ${STARTUP_BUDGET_MS} ms, RSS ${RSS_BUDGET_MIB} MiB): ` +
    `start-up ${fixed(sandbox.startupMs, 0)} ms (spawn until /__sandbox/health answers 200); ` +
    `RSS ${fixed(sandbox.memoryAtStart.rss, 1)} MiB after start-up, ${fixed(memoryAfter.rss, 1)} MiB after the run ` +
    `(peak ${fixed(memoryAfter.peak, 1)} MiB)`)
  console.log('server µs/req: the server\'s CPU time per request, the figure least moved by other load; ' +
    'server CPU: the server process\'s CPU time over the measured seconds (100% = one core); ' +
    'client CPU: autocannon\'s, in this process; other CPU: the rest of the machine\'s busy time')
  const disturbed = results.flatMap(({ scenario, ...m }) => ['bare', 'sandbox'].filter((n) => m[n].otherCpu > BUSY).map((n) => `${scenario.name} / ${n}`))
  if (disturbed.length > 0) {
    console.log(`warning: other work on the machine used more than ${pct(BUSY)} of a core during ${disturbed.join(', ')}: ` +
      'those figures are disturbed; run again on a quiet machine')
  }

  await cleanup()
  // Start-ups are measured with no load server running: nothing else of the run competes with them.
  if (settings.starts > 0) {
    const startups = await measureStartups(settings.starts)
    console.log('\n' + startupReport(startups))
    for (const [what, pass, target] of startups.checks) if (!pass) failures.push(`${what} (target ${target})`)
  }
  if (failures.length === 0) {
    console.log(`\nPASS: every ratio ≥ ${TARGET.toFixed(2)}, no failed request. Exit code 0.`)
    process.exit(0)
  }
  console.log(`\nFAIL:\n  ${failures.join('\n  ')}\n` +
    `Exit code 1 (the benchmark exits 1 when a ratio is below ${TARGET.toFixed(2)} or any request failed).`)
  process.exit(1)
}

main().catch((err) => abort(`${err instanceof BenchError ? err.message : (err?.stack ?? String(err))}\nservers stopped; exit code 1`, 1))
