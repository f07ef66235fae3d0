import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import Fastify, { LogController, type FastifyInstance } from 'fastify'
import { ClientRegistry } from './auth/clients.js'
import { loadCredentials, type CredentialFile } from './auth/credentials.js'
import { TenantBudget, openChecker } from './auth/open-schemes.js'
import { schemeChecker, type SchemeChecker } from './auth/schemes.js'
import { TokenStore, type Clock, type TokenKeeper } from './auth/tokens.js'
import { keepSpentCodes } from './auth/spent-codes.js'
import { installBodyHandling } from './engine/body.js'
import { contractHooks, type ViolationReporter } from './engine/contract.js'
import { installCors, type CorsSetting } from './engine/cors.js'
import { LOG_FORMATS, loggerOptions, type LogFormat } from './engine/logger.js'
import { installRequestLog } from './engine/request-log.js'
import { SandboxMetrics } from './sandbox/metrics.js'
import { packageVersion } from './version.js'
import { checkFixtures } from './engine/fixture-check.js'
import { clientErrorHandler, frameworkErrorHandler, installErrorHandling } from './engine/errors.js'
import './engine/fastify-types.js'
import type { LatencyConfig } from './engine/latency.js'
import { registerApi } from './engine/register.js'
import { loadScenarios } from './engine/scenarios.js'
import { serializerCompiler } from './engine/serialization.js'
import { validatorCompiler } from './engine/validation.js'
import type { DocsSource } from './docs/catalogue.js'
import { registerLazyDocs } from './docs/lazy.js'
import { DOCS_PREFIX } from './docs/paths.js'
import { CallerIdentifier } from './sandbox/caller.js'
import { registerDiscovery } from './sandbox/discovery.js'
import { registerHealth } from './sandbox/health.js'
import { Journal } from './sandbox/journal.js'
import { SharedJournal } from './sandbox/shared-journal.js'
import { registerControlRoutes, type ControlDeps } from './sandbox/routes.js'
import { registerPlanRoutes } from './sandbox/plans.js'
import type { ApiDef } from './spec/compile.js'
import { BehavioursError, loadBehaviours } from './spec/behaviours-dir.js'
import { loadApis } from './spec/source.js'
import { uuidSource } from './engine/uuid.js'
import { loadBaseData } from './store/base.js'
import { FolderInUse } from './store/folder-lock.js'
import { memoryPersistence, type StoreLogger } from './store/persistence.js'
import { ApiStore, type StoreEngine } from './store/store.js'

/** Longest path parameter the router takes (find-my-way's default); longer ones are refused naming the parameter. */
const MAX_PARAM_LENGTH = 100

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

export interface SandboxOptions {
  /** Folder of OpenAPI 3.1 specs, one per API. */
  specsDir: string
  /** The spec build (`npm run build`): used when it was made from the specs folder's very files, else they are compiled at start. */
  buildDir: string
  /** The store engine to use instead of opening one (a reloading server keeps one across its instances); not closed with the instance. */
  engine?: StoreEngine
  /** Folder of plain JavaScript modules of custom handlers, `<api id>.js` each (see src/spec/behaviours-dir.ts). */
  behavioursDir?: string
  /** Folder of per-API fixtures: `<api>/credentials.json`, `<api>/data/<collection>.json`. */
  fixturesDir: string
  /** Where tenant files live (ignored in memory mode). */
  dataDir: string
  /** Keep tenant changes in memory only. */
  inMemory: boolean
  /** A PostgreSQL URL: tenant data and tokens shared by every replica on it (instead of the data folder). */
  store?: string
  /** Connections to PostgreSQL this process opens at most. */
  storePool: number
  /** Flush every acknowledged write to the disk (survives a power loss, not only a crash of the process). */
  fsync: boolean
  logLevel: LogLevel
  /** Check every response against the spec (violations go to onContractViolation, else the log). */
  contract: boolean
  onContractViolation?: ViolationReporter
  /** The time, in ms since the epoch, for token lifetimes; tests pass a fake one. */
  clock: Clock
  /** Unlocks the control routes for every tenant (X-Sandbox-Admin-Token); none: no admin. */
  adminToken?: string
  /** How many requests the journal keeps (0: none). */
  journalSize: number
  /** Bytes of one request's body the journal keeps (JSON), and of all its bodies together. */
  journalEntryBytes: number
  journalBytes: number
  /** Largest request body read, in bytes. */
  bodyLimit: number
  /** Time for a whole request (headers and body) to arrive, and for its headers alone, in ms. */
  requestTimeout: number
  headersTimeout: number
  /** Open client connections at once; more are closed as they come. */
  maxConnections: number
  /** Live tokens one OAuth client may hold per API: past it, its oldest is revoked. */
  tokensPerClient: number
  /** Exchanged authorization codes remembered per API (a replay is refused and revokes what the code issued). */
  spentCodes: number
  /** Bytes of cached list views and answers an API's behaviours may keep (simPRO's lists). */
  cacheBytes: number
  /** Runtime plans one tenant may hold (0: plans are off). */
  plansPerTenant: number
  /** Predicates one plan may hold. */
  planPredicates: number
  /** Characters of one plan pattern (RE2 syntax). */
  planPatternLength: number
  /** Characters of a value a plan pattern is tested on (a longer value does not match). */
  planMatchLength: number
  /** Longest delay a plan may ask for, in ms. */
  planDelayMax: number
  /** Tenants an own API's open credentials may make (each credential value is one); past it, a new one is refused. */
  maxTenants: number
  /** Added delay, for all operations and per operation (`operationId` or `<api>:<operationId>`). */
  latency: LatencyConfig
  /** Generated customers added to each API's base data (`x-sandbox.generate`). */
  customers: number
  /** Seeds generated data and per-response UUIDs: the same seed answers the same bytes. */
  seed?: number
  /** Browser origins allowed to call (CORS): true any, false none (no CORS headers), or a list of origins. */
  cors: CorsSetting
  /** Log lines as JSON, or pino-pretty's lines for a terminal. */
  logFormat: LogFormat
  /** One `info` line per answered request (method, path, status, ms, API, operation, tenant hash). */
  logRequests: boolean
  /** GET /__sandbox/metrics (Prometheus text) and the counting behind it. */
  metrics: boolean
}

const root = (folder: string): string => fileURLToPath(new URL(`../${folder}`, import.meta.url))

export const defaultOptions: SandboxOptions = {
  specsDir: root('specs'),
  // Beside the running code: dist/compiled for the built server (run from src/, there is none).
  buildDir: fileURLToPath(new URL('./compiled', import.meta.url)),
  fixturesDir: root('fixtures'),
  dataDir: '.sandbox-data',
  inMemory: false,
  storePool: 16,
  fsync: false,
  logLevel: 'info',
  contract: false,
  clock: Date.now,
  journalSize: 1000,
  journalEntryBytes: 16_384,
  journalBytes: 16_777_216,
  bodyLimit: 1_048_576,
  requestTimeout: 30_000,
  headersTimeout: 10_000,
  maxConnections: 4096,
  tokensPerClient: 1000,
  spentCodes: 10_000,
  cacheBytes: 67_108_864,
  plansPerTenant: 100,
  planPredicates: 16,
  planPatternLength: 256,
  planMatchLength: 4096,
  planDelayMax: 30_000,
  maxTenants: 10_000,
  latency: { operations: {} },
  customers: 0,
  cors: true,
  logFormat: 'json',
  logRequests: false,
  metrics: true,
}

export class OptionsError extends Error {
  override name = 'OptionsError'
}

type LimitKey = 'storePool' | 'journalEntryBytes' | 'journalBytes' | 'bodyLimit' | 'requestTimeout' | 'headersTimeout' | 'maxConnections' | 'tokensPerClient' | 'spentCodes' | 'cacheBytes' | 'plansPerTenant' | 'planPredicates' | 'planPatternLength' | 'planMatchLength' | 'planDelayMax' | 'maxTenants'

/** Every bound a client can push against: option, name in messages, smallest and largest value. */
export const LIMITS: ReadonlyArray<readonly [LimitKey, string, number, number]> = [
  ['storePool', 'store pool', 4, 1000],
  ['journalEntryBytes', 'journal entry bytes', 256, 16_777_216],
  ['journalBytes', 'journal bytes', 256, 1_073_741_824],
  ['bodyLimit', 'body limit', 1024, 104_857_600],
  ['requestTimeout', 'request timeout', 1000, 600_000],
  ['headersTimeout', 'headers timeout', 1000, 600_000],
  ['maxConnections', 'max connections', 16, 1_000_000],
  ['tokensPerClient', 'tokens per client', 1, 1_000_000],
  ['spentCodes', 'spent codes', 1, 1_000_000],
  ['cacheBytes', 'cache bytes', 0, 4_294_967_296],
  ['plansPerTenant', 'plans per tenant', 0, 10_000],
  ['planPredicates', 'plan predicates', 0, 256],
  ['planPatternLength', 'plan pattern length', 1, 4096],
  ['planMatchLength', 'plan match length', 1, 1_048_576],
  ['planDelayMax', 'plan delay max', 0, 600_000],
  ['maxTenants', 'max tenants', 1, 10_000_000],
]

function checkOptions (options: SandboxOptions): void {
  if (!LOG_LEVELS.includes(options.logLevel)) {
    throw new OptionsError(`log level "${String(options.logLevel)}" is not one of ${LOG_LEVELS.join(', ')}`)
  }
  if (!Number.isInteger(options.journalSize) || options.journalSize < 0 || options.journalSize > 100_000) {
    throw new OptionsError(`journal size must be a whole number from 0 to 100000, not "${String(options.journalSize)}"`)
  }
  if (!Number.isInteger(options.customers) || options.customers < 0 || options.customers > 1_000_000) {
    throw new OptionsError(`customers must be a whole number from 0 to 1000000, not "${String(options.customers)}"`)
  }
  if (options.seed !== undefined && (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff)) {
    throw new OptionsError(`seed must be a whole number from 0 to 4294967295, not "${String(options.seed)}"`)
  }
  for (const [key, label, min, max] of LIMITS) {
    const value = options[key]
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new OptionsError(`${label} must be a whole number from ${min} to ${max}, not "${String(value)}"`)
    }
  }
  if (options.headersTimeout > options.requestTimeout) {
    throw new OptionsError(`headers timeout (${options.headersTimeout} ms) must not be longer than the request timeout (${options.requestTimeout} ms)`)
  }
  if (options.adminToken !== undefined && options.adminToken.length < 8) throw new OptionsError('the admin token must be at least 8 characters')
  checkCors(options.cors)
  if (!LOG_FORMATS.includes(options.logFormat)) throw new OptionsError(`log format "${String(options.logFormat)}" is not one of ${LOG_FORMATS.join(', ')}`)
  for (const key of ['specsDir', 'fixturesDir', 'dataDir'] as const) {
    if (typeof options[key] !== 'string' || options[key] === '') throw new OptionsError(`${key} must be a folder path`)
  }
}

/** An origin as browsers send it: scheme, host and port only (`https://app.example.com:8443`). */
export function checkCors (cors: CorsSetting): void {
  if (typeof cors === 'boolean') return
  if (!Array.isArray(cors) || cors.length === 0) throw new OptionsError('cors must be true, false or a list of origins')
  for (const origin of cors) {
    let parsed: URL | undefined
    try { parsed = new URL(origin) } catch {}
    if (parsed === undefined || parsed.origin !== origin) {
      throw new OptionsError(`cors origin "${String(origin)}" is not an origin like https://app.example.com (scheme, host and port, no path or trailing slash)`)
    }
  }
}

export async function persistenceFor (options: SandboxOptions, logger: StoreLogger): Promise<StoreEngine> {
  if (options.store !== undefined) {
    // The PostgreSQL engine (and its client) is loaded only when it is asked for.
    const { postgresEngine, PostgresUnreachable } = await import('./store/postgres/engine.js')
    try {
      return await postgresEngine({ url: options.store, poolSize: options.storePool })
    } catch (err) {
      // The database away at start is a configuration the sandbox cannot run with: exit 2.
      if (err instanceof PostgresUnreachable) throw new OptionsError(err.message)
      throw err
    }
  }
  if (options.inMemory) return memoryPersistence()
  try {
    await mkdir(options.dataDir, { recursive: true })
  } catch (err) {
    throw new OptionsError(`data folder ${options.dataDir} cannot be created (${(err as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  try {
    // The log-file engine (and lowdb under it) is loaded only when data goes to disk.
    const { filePersistence } = await import('./store/file-persistence.js')
    return await filePersistence(options.dataDir, { fsync: options.fsync, logger })
  } catch (err) {
    // A second process on the folder is a configuration mistake: the one-line reason, exit 2.
    if (err instanceof FolderInUse) throw new OptionsError(err.message)
    // A folder this user may not write (a root-owned volume mounted into the image, which runs as
    // uid 1000): the same, with what to do about it.
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      const uid = process.getuid?.()
      throw new OptionsError(`data folder ${options.dataDir} is not writable${uid === undefined ? '' : ` by uid ${uid}`} (${code}): chown it to that user, run as its owner, or choose another --data-dir`)
    }
    throw err
  }
}

function checkLatency (latency: LatencyConfig, apis: ApiDef[]): void {
  const known = new Set(apis.flatMap((api) => api.rows.flatMap((r) => [r.operationId, `${api.id}:${r.operationId}`])))
  for (const name of Object.keys(latency.operations)) {
    if (!known.has(name)) throw new OptionsError(`latency is set for operation "${name}", which no spec has`)
  }
}

function checkersFor (api: ApiDef, credentials: CredentialFile, tokens: TokenKeeper, maxTenants: number): Map<string, SchemeChecker> {
  const checkers = new Map<string, SchemeChecker>()
  // An own API's schemes its credentials file lists none for take any credential, each a tenant.
  const budget = new TenantBudget(api.id, maxTenants)
  for (const [name, scheme] of Object.entries(api.securitySchemes)) {
    try {
      const open = api.own && (credentials[name] ?? []).length === 0
      checkers.set(name, open ? openChecker(name, scheme, budget) : schemeChecker(name, scheme, credentials[name] ?? [], { tokens }))
    } catch (err) {
      throw new Error(`spec ${api.spec.file}: ${(err as Error).message}`, { cause: err })
    }
  }
  return checkers
}

/** Builds the sandbox: every spec compiled into routes, fixtures loaded. Never listens. */
export async function buildServer (overrides: Partial<SandboxOptions> = {}): Promise<FastifyInstance> {
  const options: SandboxOptions = { ...defaultOptions, ...overrides }
  checkOptions(options)
  // The generator (faker, json-schema-faker) is loaded only when it is asked for, meanwhile the specs are read.
  const generator = options.customers > 0 ? import('./data/generate.js') : undefined
  generator?.catch(() => {})
  const { apis, prebuilt, note } = await loadApis(options.specsDir, options.buildDir)
  if (options.behavioursDir !== undefined) {
    try {
      await loadBehaviours(options.behavioursDir, apis)
    } catch (err) {
      throw err instanceof BehavioursError ? new OptionsError(err.message) : err
    }
  }
  // An own API's collections start with records made from its spec (see src/data/seed.ts).
  const seeder = apis.some((api) => api.own) ? await import('./data/seed.js') : undefined
  checkLatency(options.latency, apis)

  const uuid = uuidSource(options.seed)
  const verbose = options.logLevel === 'debug' || options.logLevel === 'trace'
  const app = Fastify({
    logger: await loggerOptions(options.logLevel, options.logFormat, options.logRequests),
    // Per-request log lines only at debug and trace: at production levels they would dominate a read's cost.
    logController: new LogController({ disableRequestLogging: !verbose }),
    frameworkErrors: frameworkErrorHandler(apis, uuid, MAX_PARAM_LENGTH),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    bodyLimit: options.bodyLimit,
    // A whole request (a slow body too) must arrive within requestTimeout; checked every second.
    requestTimeout: options.requestTimeout,
    http: { headersTimeout: options.headersTimeout, connectionsCheckingInterval: 1000 },
    clientErrorHandler: clientErrorHandler(options),
    // The build's validators and serializers; Fastify's own compilers (and ajv) are then never loaded.
    // (Fastify types these factories after its own compilers' packages: hence the casts.)
    schemaController: { compilersFactory: { buildValidator: (() => validatorCompiler(prebuilt?.validator)) as never, buildSerializer: (() => serializerCompiler(prebuilt?.serializer)) as never } },
  })
  app.server.maxConnections = options.maxConnections
  await installCors(app, options.cors, apis)
  const metricStores: Array<{ api: ApiDef, store: ApiStore }> = []
  const metrics = options.metrics ? new SandboxMetrics(apis, metricStores, packageVersion()) : undefined
  const engine = options.engine ?? await persistenceFor(options, app.log)
  const persistence = metrics === undefined ? engine : metrics.countWrites(engine)
  // An engine handed in (a reloading server's, see watch.ts) outlives this instance: its owner closes it.
  if (options.engine === undefined) app.addHook('onClose', () => persistence.close())
  app.decorateRequest('tenant', '')
  app.decorateRequest('identity', null)
  app.decorateRequest('row', null)
  app.decorateRequest('plan', null)
  if (note !== undefined) app.log.info(note)
  installBodyHandling(app)
  installErrorHandling(app, apis, uuid)
  registerHealth(app, apis, persistence)
  if (options.logRequests) installRequestLog(app)
  if (metrics !== undefined) {
    app.addHook('onResponse', (request, reply, done) => {
      metrics.record(request, reply)
      done()
    })
    metrics.register(app)
  }

  const contract = !options.contract
    ? undefined
    : contractHooks(options.onContractViolation ?? ((violation, request) => request.log.warn({ violation }, 'response violates the spec')))
  const journalLimits = { entryBytes: options.journalEntryBytes, totalBytes: options.journalBytes }
  const journal = 'shared' in persistence
    ? new SharedJournal(options.journalSize, journalLimits, persistence.journal(options.journalSize))
    : new Journal(options.journalSize, journalLimits)
  const callers = new CallerIdentifier(options.adminToken)
  const control: ControlDeps = { apis: [], persistence, journal, callers }
  const docs: DocsSource[] = []
  if (options.journalSize > 0 && journal instanceof SharedJournal) {
    // Stored before the answer goes out: a count asked on any replica after the answer includes it.
    app.addHook('onSend', (request, reply, payload, done) => {
      if (request.url.startsWith('/__sandbox/') || request.url.startsWith(DOCS_PREFIX) || request.corsPreflightEnabled) return done(null, payload)
      journal.record(request, reply).then(() => done(null, payload), (err: unknown) => {
        request.log.warn({ err }, 'the request could not be journaled')
        done(null, payload)
      })
    })
  } else if (options.journalSize > 0) {
    app.addHook('onResponse', (request, reply, done) => {
      // A CORS preflight is the browser's question to the sandbox, not a call of the API.
      if (!request.url.startsWith('/__sandbox/') && !request.url.startsWith(DOCS_PREFIX) && !request.corsPreflightEnabled) journal.record(request, reply)
      done()
    })
  }
  // Every API's fixtures are read at once: the reads overlap instead of waiting on one another.
  const fixtures = await Promise.all(apis.map((api) => Promise.all([
    loadBaseData(options.fixturesDir, api.id), loadCredentials(options.fixturesDir, api.id), loadScenarios(options.fixturesDir, api.id, api.rows),
  ])))
  for (const [i, api] of apis.entries()) {
    const [base, credentials, scenarios] = fixtures[i]!
    if (options.contract) checkFixtures(api, base)
    if (generator !== undefined) (await generator).addGeneratedRecords(api, base, options.customers, options.seed ?? 1)
    if (api.own) seeder!.seedOwnApi(api, base, options.seed ?? 1)
    const store = new ApiStore(base, persistence)
    const tokens = 'shared' in persistence ? persistence.tokens(api.id, options.clock, options.tokensPerClient) : new TokenStore(options.clock, options.tokensPerClient)
    keepSpentCodes(tokens, options.spentCodes)
    const clients = new ClientRegistry(credentials)
    const checkers = checkersFor(api, credentials, tokens, options.maxTenants)
    registerApi(app, api, { store, checkers, scenarios, auth: { tokens, clients }, latency: options.latency, uuid, cacheBytes: options.cacheBytes, planMatchLength: options.planMatchLength, ...(options.journalSize > 0 ? { journalFault: (request, reply, status) => journal.record(request, reply, status) } : {}), ...(contract === undefined ? {} : { contract }) })
    callers.addApi(api, checkers)
    control.apis.push({ api, store, scenarios })
    metricStores.push({ api, store })
    docs.push({ api, credentials, scenarios })
  }
  registerControlRoutes(app, control)
  registerPlanRoutes(app, {
    apis: control.apis,
    callers,
    clock: options.clock,
    limits: { perTenant: options.plansPerTenant, predicates: options.planPredicates, patternLength: options.planPatternLength, matchLength: options.planMatchLength, delayMax: options.planDelayMax },
  })
  registerLazyDocs(app, { sources: docs, installErrors: (instance) => installErrorHandling(instance, apis, uuid) })
  registerDiscovery(app, docs)
  return app
}
