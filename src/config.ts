import { parseArgs } from 'node:util'
import { parseLatency, parseOperationLatency, type LatencyConfig } from './engine/latency.js'
import type { CorsSetting } from './engine/cors.js'
import { LOG_FORMATS, type LogFormat } from './engine/logger.js'
import { LOG_LEVELS, OptionsError, checkCors, defaultOptions, type LogLevel, type SandboxOptions } from './server.js'

export interface Config {
  help: boolean
  /** Reload specs, fixtures and behaviours when their files change (see src/watch.ts). */
  watch: boolean
  version: boolean
  port: number
  host: string
  options: SandboxOptions
}

export const HELP = `profile-sandbox: a stateful sandbox of five customer-profile APIs

usage: profile-sandbox [options]

  --port N          port to listen on                 env PORT              (8080)
  --host ADDR       address to listen on              env HOST              (127.0.0.1)
  --data-dir DIR    folder of the tenant data files   env SANDBOX_DATA_DIR  (./.sandbox-data)
  --in-memory       keep changes in memory only       env SANDBOX_IN_MEMORY (off)
  --store URL       postgres://user@host:port/db: tenant data and tokens shared by every
                    replica on that database (instead of the data folder)
                                                      env SANDBOX_STORE, else DATABASE_URL unless
                                                      --in-memory is given (none)
  --store-pool N    connections to PostgreSQL at most per process (the journal: 4 more)
                                                      env SANDBOX_STORE_POOL (16)
  --fsync           flush each acknowledged write to the disk (survives a power loss)
                                                      env SANDBOX_FSYNC     (off: survives a crash)
  --log-level L     ${LOG_LEVELS.join('|')}
                                                      env LOG_LEVEL         (info)
  --log-format F    json|pretty (pino-pretty's coloured lines)
                                                      env LOG_FORMAT        (pretty on a terminal, else json)
  --log-requests B  one info line per request: method, path, status, ms, API, operation,
                    tenant hash (on|off)              env SANDBOX_LOG_REQUESTS (on with pretty logs, else off)
  --metrics B       GET /__sandbox/metrics in Prometheus text format (on|off)
                                                      env SANDBOX_METRICS   (on)
  --contract        check every response against its spec, log violations
                                                      env SANDBOX_CONTRACT  (off)
  --admin-token T   unlocks /__sandbox routes for all tenants (header X-Sandbox-Admin-Token)
                                                      env SANDBOX_ADMIN_TOKEN (none; npm start: local-admin-token)
  --latency L       delay every answer: ms, or a range MIN-MAX
                                                      env SANDBOX_LATENCY   (none)
  --latency-ops L   per operation: "operationId=MS,api:operationId=MIN-MAX"
                                                      env SANDBOX_LATENCY_OPS (none)
  --customers N     add N generated customers to each API   env SANDBOX_CUSTOMERS (0)
  --seed S          seed generated data, UUIDs, ids and dynamic bodies (same seed: same bytes)
                                                      env SANDBOX_SEED      (data: 1; UUIDs: random)
  --clock T         freeze the sandbox's clock at T (RFC 3339, e.g. 2026-01-01T00:00:00Z):
                    timestamps repeat, tokens and pending changes never expire; with --seed
                    two runs answer the same bytes      env SANDBOX_CLOCK     (the real time)
  --journal-size N  requests kept in the journal      env SANDBOX_JOURNAL_SIZE (1000; 0 turns it off)
  --journal-entry-bytes N  body bytes kept per journal entry (longer: truncated, marked)
                                                      env SANDBOX_JOURNAL_ENTRY_BYTES (16384)
  --journal-bytes N body bytes kept by the whole journal (past it: oldest bodies dropped)
                                                      env SANDBOX_JOURNAL_BYTES (16777216)
  --body-limit N    largest request body read, in bytes   env SANDBOX_BODY_LIMIT (1048576)
  --request-timeout MS  a whole request (headers and body) must arrive within it
                                                      env SANDBOX_REQUEST_TIMEOUT (30000)
  --headers-timeout MS  the request's headers must arrive within it
                                                      env SANDBOX_HEADERS_TIMEOUT (10000)
  --max-connections N   open client connections at once; more are closed
                                                      env SANDBOX_MAX_CONNECTIONS (4096)
  --tokens-per-client N live tokens per OAuth client and API; past it the oldest is revoked
                                                      env SANDBOX_TOKENS_PER_CLIENT (1000)
  --spent-codes N   exchanged authorization codes remembered per API (replays refused)
                                                      env SANDBOX_SPENT_CODES (10000)
  --cache-bytes N   bytes of cached list views per API behaviour (simPRO lists)
                                                      env SANDBOX_CACHE_BYTES (67108864)
  --plans-per-tenant N  runtime plans (/__sandbox/plans) one tenant may hold; 0 turns plans off
                                                      env SANDBOX_PLANS_PER_TENANT (100)
  --plan-predicates N   header, query, path and body predicates of one plan
                                                      env SANDBOX_PLAN_PREDICATES (16)
  --plan-pattern-length N  characters of one plan pattern (RE2 syntax, linear-time matching)
                                                      env SANDBOX_PLAN_PATTERN_LENGTH (256)
  --plan-match-length N characters of a value a pattern is tested on (longer: no match)
                                                      env SANDBOX_PLAN_MATCH_LENGTH (4096)
  --plan-delay-max MS   longest delay a plan may ask for
                                                      env SANDBOX_PLAN_DELAY_MAX (30000)
  --max-tenants N   credentials an own API takes as tenants (any key, user or token is
                    one); past it a new one is refused  env SANDBOX_MAX_TENANTS (10000)
  --specs PATH      folder of OpenAPI 3.0/3.1 specs (.yaml, .yml, .json), or one spec file;
                    a spec without x-sandbox extensions is served from its REST shape
                    (see docs/bring-your-own-api.md) env SANDBOX_SPECS_DIR (the bundled specs)
  --fixtures DIR    folder of fixtures                env SANDBOX_FIXTURES_DIR (the bundled fixtures)
  --behaviours DIR  plain JavaScript modules of custom handlers, <api id>.js each
                                                      env SANDBOX_BEHAVIOURS_DIR (none)
  --watch           reload specs, fixtures and behaviours when they change, keeping tenant
                    data and in-flight requests      env SANDBOX_WATCH     (off)
  --cors ORIGINS    browser origins allowed to call (CORS): any, off, or a comma-separated
                    list like https://app.example.com,http://localhost:5173
                                                      env SANDBOX_CORS      (any)
  -v, --version     print the version
  -h, --help        this text

A flag wins over its environment variable. Health: GET /__sandbox/health.
`

type Env = Record<string, string | undefined>

function flag (value: string | undefined, name: string, unset = false): boolean {
  if (value === undefined || value === '') return unset
  if (['1', 'true', 'yes', 'on'].includes(value.toLowerCase())) return true
  if (['0', 'false', 'no', 'off'].includes(value.toLowerCase())) return false
  throw new OptionsError(`${name} must be true or false, not "${value}"`)
}

function port (value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || n > 65535) throw new OptionsError(`port must be a whole number from 0 to 65535, not "${value}"`)
  return n
}

/** --cors: any (the default), off, or a comma-separated list of origins (checked by the server). */
function cors (value: string | undefined): CorsSetting {
  if (value === undefined || value === '') return defaultOptions.cors
  const words = value.toLowerCase()
  if (['any', 'on', 'true', '*'].includes(words)) return true
  if (['off', 'false', 'none'].includes(words)) return false
  const origins = value.split(',').map((o) => o.trim()).filter((o) => o !== '')
  checkCors(origins)
  return origins
}

/** The flags of the bounds (see LIMITS in server.ts): flag, environment variable, option. */
const LIMIT_FLAGS = [
  ['store-pool', 'SANDBOX_STORE_POOL', 'storePool'],
  ['journal-entry-bytes', 'SANDBOX_JOURNAL_ENTRY_BYTES', 'journalEntryBytes'],
  ['journal-bytes', 'SANDBOX_JOURNAL_BYTES', 'journalBytes'],
  ['body-limit', 'SANDBOX_BODY_LIMIT', 'bodyLimit'],
  ['request-timeout', 'SANDBOX_REQUEST_TIMEOUT', 'requestTimeout'],
  ['headers-timeout', 'SANDBOX_HEADERS_TIMEOUT', 'headersTimeout'],
  ['max-connections', 'SANDBOX_MAX_CONNECTIONS', 'maxConnections'],
  ['tokens-per-client', 'SANDBOX_TOKENS_PER_CLIENT', 'tokensPerClient'],
  ['spent-codes', 'SANDBOX_SPENT_CODES', 'spentCodes'],
  ['cache-bytes', 'SANDBOX_CACHE_BYTES', 'cacheBytes'],
  ['plans-per-tenant', 'SANDBOX_PLANS_PER_TENANT', 'plansPerTenant'],
  ['plan-predicates', 'SANDBOX_PLAN_PREDICATES', 'planPredicates'],
  ['plan-pattern-length', 'SANDBOX_PLAN_PATTERN_LENGTH', 'planPatternLength'],
  ['plan-match-length', 'SANDBOX_PLAN_MATCH_LENGTH', 'planMatchLength'],
  ['plan-delay-max', 'SANDBOX_PLAN_DELAY_MAX', 'planDelayMax'],
  ['max-tenants', 'SANDBOX_MAX_TENANTS', 'maxTenants'],
] as const

type LimitOptions = Pick<SandboxOptions, (typeof LIMIT_FLAGS)[number][2]>

function limits (values: Record<string, unknown>, env: Env): LimitOptions {
  const out = {} as LimitOptions
  for (const [name, variable, key] of LIMIT_FLAGS) {
    const value = (values[name] as string | undefined) ?? env[variable]
    if (value === undefined || value === '') continue
    if (!/^\d{1,13}$/.test(value)) throw new OptionsError(`--${name} must be a whole number, not "${value}"`)
    out[key] = Number(value)
  }
  return out
}

/**
 * CLI flags and environment → validated configuration; throws OptionsError with a one-line reason.
 * `terminal`: whether the log goes to a terminal (then pretty lines, and a line per request, by default).
 */
export function readConfig (argv: string[], env: Env, terminal = false): Config {
  let values
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'in-memory': { type: 'boolean' },
        store: { type: 'string' },
        fsync: { type: 'boolean' },
        'log-level': { type: 'string' },
        contract: { type: 'boolean' },
        'admin-token': { type: 'string' },
        'journal-size': { type: 'string' },
        latency: { type: 'string' },
        customers: { type: 'string' },
        seed: { type: 'string' },
        clock: { type: 'string' },
        'latency-ops': { type: 'string' },
        specs: { type: 'string' },
        fixtures: { type: 'string' },
        behaviours: { type: 'string' },
        watch: { type: 'boolean' },
        ...Object.fromEntries(LIMIT_FLAGS.map(([name]) => [name, { type: 'string' as const }])),
        cors: { type: 'string' },
        'log-format': { type: 'string' },
        'log-requests': { type: 'string' },
        metrics: { type: 'string' },
        version: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (err) {
    throw new OptionsError(`${(err as Error).message.split('\n')[0]} (see --help)`)
  }
  const logLevel = (values['log-level'] ?? env.LOG_LEVEL ?? defaultOptions.logLevel) as LogLevel
  if (!LOG_LEVELS.includes(logLevel)) throw new OptionsError(`log level "${logLevel}" is not one of ${LOG_LEVELS.join(', ')}`)
  const logFormat = (values['log-format'] ?? (env.LOG_FORMAT || undefined) ?? (terminal ? 'pretty' : 'json')) as LogFormat
  if (!LOG_FORMATS.includes(logFormat)) throw new OptionsError(`log format "${logFormat}" is not one of ${LOG_FORMATS.join(', ')}`)
  const logRequests = flag(values['log-requests'] ?? env.SANDBOX_LOG_REQUESTS, '--log-requests', logFormat === 'pretty')
  const metrics = flag(values.metrics ?? env.SANDBOX_METRICS, '--metrics', defaultOptions.metrics)
  const adminToken = values['admin-token'] ?? env.SANDBOX_ADMIN_TOKEN
  const journalSize = values['journal-size'] ?? env.SANDBOX_JOURNAL_SIZE ?? String(defaultOptions.journalSize)
  if (!/^\d+$/.test(journalSize)) throw new OptionsError(`journal size must be a whole number, not "${journalSize}"`)
  const latency: LatencyConfig = { operations: {} }
  try {
    const global = values.latency ?? env.SANDBOX_LATENCY
    if (global !== undefined && global !== '') latency.global = parseLatency(global, 'latency')
    latency.operations = parseOperationLatency(values['latency-ops'] ?? env.SANDBOX_LATENCY_OPS ?? '')
  } catch (err) {
    throw new OptionsError((err as Error).message)
  }
  const customers = values.customers ?? env.SANDBOX_CUSTOMERS ?? '0'
  if (!/^\d{1,7}$/.test(customers)) throw new OptionsError(`customers must be a whole number, not "${customers}"`)
  const seed = values.seed ?? env.SANDBOX_SEED
  if (seed !== undefined && !/^\d{1,10}$/.test(seed)) throw new OptionsError(`seed must be a whole number, not "${seed}"`)
  const clock = values.clock ?? env.SANDBOX_CLOCK
  const frozen = clock === undefined || clock === '' ? undefined : Date.parse(clock)
  if (frozen !== undefined && (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(clock!) || Number.isNaN(frozen))) {
    throw new OptionsError(`clock must be an RFC 3339 date-time like 2026-01-01T00:00:00Z, not "${clock}"`)
  }
  const inMemory = values['in-memory'] ?? flag(env.SANDBOX_IN_MEMORY, 'SANDBOX_IN_MEMORY')
  const chosen = values.store ?? (env.SANDBOX_STORE || undefined)
  if (chosen !== undefined && inMemory) throw new OptionsError('--store and --in-memory exclude each other: choose one store')
  // DATABASE_URL is often set for other programs: it is the store only when none was chosen.
  const store = chosen ?? (inMemory ? undefined : (env.DATABASE_URL || undefined))
  if (store !== undefined && !/^postgres(ql)?:\/\/./i.test(store)) throw new OptionsError('store must be a postgres:// URL (the data folder is the default store)')
  const host = values.host ?? env.HOST ?? '127.0.0.1'
  if (host === '') throw new OptionsError('host must not be empty')
  return {
    help: values.help === true,
    watch: values.watch ?? flag(env.SANDBOX_WATCH, 'SANDBOX_WATCH'),
    version: values.version === true,
    port: port(values.port ?? env.PORT ?? '8080'),
    host,
    options: {
      ...defaultOptions,
      specsDir: values.specs ?? env.SANDBOX_SPECS_DIR ?? defaultOptions.specsDir,
      fixturesDir: values.fixtures ?? env.SANDBOX_FIXTURES_DIR ?? defaultOptions.fixturesDir,
      ...((values.behaviours ?? env.SANDBOX_BEHAVIOURS_DIR) ? { behavioursDir: values.behaviours ?? env.SANDBOX_BEHAVIOURS_DIR } : {}),
      dataDir: values['data-dir'] ?? env.SANDBOX_DATA_DIR ?? defaultOptions.dataDir,
      inMemory,
      fsync: values.fsync ?? flag(env.SANDBOX_FSYNC, 'SANDBOX_FSYNC'),
      contract: values.contract ?? flag(env.SANDBOX_CONTRACT, 'SANDBOX_CONTRACT'),
      logLevel,
      journalSize: Number(journalSize),
      latency,
      customers: Number(customers),
      cors: cors(values.cors ?? env.SANDBOX_CORS),
      logFormat,
      logRequests,
      metrics,
      ...limits(values, env),
      ...(seed === undefined ? {} : { seed: Number(seed) }),
      ...(frozen === undefined ? {} : { clock: () => frozen }),
      ...(adminToken === undefined || adminToken === '' ? {} : { adminToken }),
      ...(store === undefined ? {} : { store }),
    },
  }
}
