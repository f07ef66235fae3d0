// What an operator reads: /__sandbox/metrics (Prometheus text) and the log (a line per request,
// JSON or pino-pretty's, never a credential).
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { readConfig } from '../src/config.js'
import { basic, sandbox, WM_HEADERS } from './helpers.js'

// Child processes compile the TypeScript sources as they start: slow on a busy machine.
t.setTimeout(300_000)

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url))
const WM = '/api/v1/customers/104127993008/profiles'
const SIMPRO = '/api/v1.0/companies/0/setup/customerProfiles/'

interface Sample { name: string, labels: Record<string, string>, value: number }
interface Family { help: string, type: string, samples: Sample[] }

/**
 * The Prometheus text format (version 0.0.4), read strictly: every line a HELP, a TYPE, or a
 * sample of the family announced before it; label values quoted; values numbers. (The parser on
 * npm, parse-prometheus-text-format, drops the labels of labelled histograms.)
 */
function parsePrometheus (text: string): Map<string, Family> {
  const families = new Map<string, Family>()
  let current: Family | undefined
  let name = ''
  for (const line of text.split('\n')) {
    if (line === '') continue
    const help = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line)
    if (help !== null) {
      name = help[1]!
      current = { help: help[2]!, type: '', samples: [] }
      if (families.has(name)) throw new Error(`family ${name} twice`)
      families.set(name, current)
      continue
    }
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line)
    if (type !== null) {
      if (type[1] !== name || current === undefined) throw new Error(`TYPE of ${type[1]} without its HELP`)
      current.type = type[2]!
      continue
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|\+Inf|NaN)$/.exec(line)
    if (sample === null || current === undefined) throw new Error(`not a sample line: ${line}`)
    if (sample[1] !== name && !(current.type === 'histogram' && [`${name}_bucket`, `${name}_sum`, `${name}_count`].includes(sample[1]!))) {
      throw new Error(`sample ${sample[1]} outside its family (${name})`)
    }
    const labels: Record<string, string> = {}
    const labelText = sample[2] ?? ''
    const pair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y
    while (pair.lastIndex < labelText.length) {
      const m = pair.exec(labelText)
      if (m === null) throw new Error(`bad labels: ${labelText}`)
      labels[m[1]!] = m[2]!
    }
    current.samples.push({ name: sample[1]!, labels, value: Number(sample[3]) })
  }
  return families
}

const value = (families: Map<string, Family>, family: string, sample: string, labels: Record<string, string>): number | undefined =>
  families.get(family)?.samples.find((s) => s.name === sample && Object.entries(labels).every(([k, v]) => s.labels[k] === v) &&
    Object.keys(s.labels).length === Object.keys(labels).length)?.value

t.test('/__sandbox/metrics is Prometheus text whose counts move with requests', async (t) => {
  const s = await sandbox(t, { adminToken: 'metrics-admin-token' })
  const scrape = async (): Promise<Map<string, Family>> => {
    // Open like /__sandbox/health: no admin token, no credential.
    const res = await s.app.inject({ url: '/__sandbox/metrics' })
    t.equal(res.statusCode, 200)
    t.equal(res.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8')
    return parsePrometheus(res.body)
  }
  const before = await scrape()
  t.same([...before.keys()], ['sandbox_info', 'sandbox_requests_total', 'sandbox_request_duration_seconds', 'sandbox_tenants_open', 'sandbox_store_writes_total'])
  t.same(before.get('sandbox_requests_total')!.samples, [], 'no request counted yet')
  t.equal(before.get('sandbox_request_duration_seconds')!.type, 'histogram')
  t.equal(value(before, 'sandbox_store_writes_total', 'sandbox_store_writes_total', { api: 'simpro' }), 0)
  t.match(before.get('sandbox_info')!.samples, [{ labels: { version: /^\d+\.\d+\.\d+/ }, value: 1 }])

  for (let i = 0; i < 3; i++) t.equal((await s.inject({ url: WM, headers: WM_HEADERS })).statusCode, 200)
  t.equal((await s.inject({ url: WM, headers: { ...WM_HEADERS, authorization: basic('ocsuser', 'wrong') } })).statusCode, 401)
  const created = await s.inject({ method: 'POST', url: SIMPRO, headers: { authorization: 'Bearer simpro-sandbox-token' }, payload: { Name: 'Trade' } })
  t.equal(created.statusCode, 201)
  t.equal((await s.inject({ url: '/no/such/route' })).statusCode, 404)

  const after = await scrape()
  const requests = (labels: Record<string, string>): number | undefined => value(after, 'sandbox_requests_total', 'sandbox_requests_total', labels)
  t.equal(requests({ api: 'wm', operation: 'getCustomerProfiles', status: '200' }), 3)
  t.equal(requests({ api: 'wm', operation: 'getCustomerProfiles', status: '401' }), 1)
  t.equal(requests({ api: 'simpro', operation: 'createCustomerProfile', status: '201' }), 1)
  t.equal(requests({ api: 'sandbox', operation: '/__sandbox/metrics', status: '200' }), 1, 'the first scrape is counted')
  t.equal(requests({ api: 'sandbox', operation: 'unmatched', status: '404' }), 1, 'an unknown route under one label, not its path')

  const histogram = (sample: string, labels: Record<string, string>): number | undefined => value(after, 'sandbox_request_duration_seconds', sample, labels)
  const wm = { api: 'wm', operation: 'getCustomerProfiles' }
  t.equal(histogram('sandbox_request_duration_seconds_count', wm), 4)
  t.equal(histogram('sandbox_request_duration_seconds_bucket', { ...wm, le: '+Inf' }), 4)
  t.ok(histogram('sandbox_request_duration_seconds_sum', wm)! > 0, 'a positive sum of seconds')
  const buckets = after.get('sandbox_request_duration_seconds')!.samples.filter((x) => x.name.endsWith('_bucket') && x.labels.api === 'wm').map((x) => x.value)
  t.equal(buckets.length, 14, '13 bounds and +Inf')
  t.ok(buckets.every((n, i) => i === 0 || n >= buckets[i - 1]!), 'cumulative buckets')

  t.equal(value(after, 'sandbox_store_writes_total', 'sandbox_store_writes_total', { api: 'simpro' }), 1, 'one write stored')
  t.equal(value(after, 'sandbox_store_writes_total', 'sandbox_store_writes_total', { api: 'wm' }), 0, 'reads store nothing')
  t.ok(value(after, 'sandbox_tenants_open', 'sandbox_tenants_open', { api: 'simpro' })! >= 1, 'the writing tenant is open')

})

t.test('--metrics off: no route, the sandbox\'s own 404', async (t) => {
  const s = await sandbox(t, { metrics: false })
  const res = await s.app.inject({ url: '/__sandbox/metrics' })
  t.equal(res.statusCode, 404)
  t.same(res.json(), { problem: 'unknown-route', title: 'Not Found', message: 'no API is served at /__sandbox/metrics' })
})

t.test('log settings: pretty lines and a line per request by default on a terminal, JSON and no request lines otherwise', async (t) => {
  t.match(readConfig([], {}, true).options, { logFormat: 'pretty', logRequests: true })
  t.match(readConfig([], {}, false).options, { logFormat: 'json', logRequests: false })
  t.match(readConfig([], { LOG_FORMAT: 'json' }, true).options, { logFormat: 'json', logRequests: false })
  t.match(readConfig(['--log-requests', 'on'], {}, false).options, { logFormat: 'json', logRequests: true })
  t.match(readConfig(['--log-requests', 'off'], {}, true).options, { logFormat: 'pretty', logRequests: false })
  t.match(readConfig([], { SANDBOX_LOG_REQUESTS: 'true', SANDBOX_METRICS: 'off' }, false).options, { logRequests: true, metrics: false })
  t.throws(() => readConfig(['--log-format', 'xml'], {}), /log format "xml" is not one of json, pretty/)
  t.throws(() => readConfig(['--log-requests', 'maybe'], {}), /--log-requests must be true or false, not "maybe"/)
})

/** Runs the sandbox from its sources with these flags, makes the calls, stops it, and answers its output. */
async function logOf (flags: string[], calls: (url: string) => Promise<void>): Promise<string> {
  const child = spawn(process.execPath, [...process.execArgv, MAIN, '--port', '0', '--in-memory', ...flags], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout.on('data', (d: Buffer) => { out += d.toString() })
  child.stderr.on('data', (d: Buffer) => { out += d.toString() })
  const exited = new Promise((resolve) => child.on('exit', resolve))
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not listening within 120 s: ${out}`)), 120_000)
      child.stdout.on('data', () => {
        const found = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1]
        if (found !== undefined) { clearTimeout(timer); resolve(found) }
      })
      void exited.then(() => { clearTimeout(timer); reject(new Error(`exited before listening: ${out}`)) })
    })
    await calls(url)
    // The line of the last answer is written right after it is sent.
    await new Promise((resolve) => setTimeout(resolve, 200))
  } finally {
    child.kill('SIGTERM')
    await exited
  }
  return out
}

const requests = async (url: string): Promise<void> => {
  const ok = await fetch(`${url}/resources/v1/customerprofile/4545?showinwardlinks=0&note=private`, { headers: { key: 'imi-sandbox-key' } })
  t.equal(ok.status, 200)
  await ok.arrayBuffer()
  const refused = await fetch(`${url}${WM}`, { headers: { ...WM_HEADERS, authorization: basic('ocsuser', 'wrong-password') } })
  t.equal(refused.status, 401)
  await refused.arrayBuffer()
}

t.test('--log-requests: one JSON line per request, no query and no credential in it', async (t) => {
  const out = await logOf(['--log-requests', 'on'], requests)
  const lines = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
  const imi = lines.find((l) => l.path === '/resources/v1/customerprofile/4545')
  t.match(imi, {
    level: 30, method: 'GET', path: '/resources/v1/customerprofile/4545', status: 200, ms: Number,
    api: 'imiconnect', operation: 'getCustomerProfile', tenant: /^[0-9a-f]{10}$/,
    msg: /^GET \/resources\/v1\/customerprofile\/4545 200 [\d.]+ ms imiconnect getCustomerProfile tenant [0-9a-f]{10}$/,
  })
  const wm = lines.find((l) => l.path === WM)
  t.match(wm, { status: 401, api: 'wm', operation: 'getCustomerProfiles', msg: new RegExp(`^GET ${WM} 401 [\\d.]+ ms wm getCustomerProfiles$`) })
  t.notOk('tenant' in wm!, 'a refused credential selects no tenant')
  for (const secret of ['imi-sandbox-key', 'wrong-password', basic('ocsuser', 'wrong-password'), 'note=private', 'showinwardlinks']) {
    t.notOk(out.includes(secret), `the log never holds ${secret}`)
  }
})

t.test('without --log-requests (and not on a terminal) the log has no request lines', async (t) => {
  const out = await logOf([], requests)
  t.notMatch(out, /customerprofile/)
  t.match(out, /"msg":"Server listening at/)
})

t.test('--log-format pretty: pino-pretty\'s one line per request', async (t) => {
  const out = await logOf(['--log-format', 'pretty', '--log-requests', 'on'], requests)
  const plain = out.replace(/\x1b\[[0-9;]*m/g, '') // eslint-disable-line no-control-regex
  t.match(plain, /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO(?: \(\d+\))?: GET \/resources\/v1\/customerprofile\/4545 200 [\d.]+ ms imiconnect getCustomerProfile tenant [0-9a-f]{10}$/m)
  t.match(plain, /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO(?: \(\d+\))?: Server listening at http:\/\/127\.0\.0\.1:\d+$/m)
  t.notMatch(plain, /^\{/m, 'no JSON line')
  t.notMatch(plain, /^\s+(method|path|status|tenant):/m, 'the request line\'s fields are not repeated below it')
})
