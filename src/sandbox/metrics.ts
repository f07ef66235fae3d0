import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Registry } from 'prom-client'
import type { ApiDef, RouteRow } from '../spec/compile.js'
import type { Persistence, TenantLog } from '../store/persistence.js'
import type { ApiStore, StoreEngine } from '../store/store.js'

/** Upper bounds of the latency histogram, in seconds (Prometheus' usual, finer below 10 ms). */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
const BOUNDS_MS = BUCKETS.map((s) => s * 1000)

/** One route's counts: kept in plain numbers on the request path, read by prom-client when scraped. */
interface Cell {
  api: string
  operation: string
  statuses: Map<number, number>
  /** Requests at or under each bound (not cumulative here; summed when scraped), and over the last. */
  buckets: Float64Array
  sum: number
  count: number
}

const cell = (api: string, operation: string): Cell =>
  ({ api, operation, statuses: new Map(), buckets: new Float64Array(BOUNDS_MS.length + 1), sum: 0, count: 0 })

/**
 * Request counts and latencies by API, operation and status, tenants open and store writes, as
 * Prometheus text at GET /__sandbox/metrics (prom-client's registry renders it). The request
 * path only adds to numbers of a cell made at boot for each operation (prom-client's labelled
 * children cost ~3 µs a request: as much as a tenth of a read); the metrics are made from the
 * cells when scraped. prom-client is loaded at the first scrape, not at start.
 */
export class SandboxMetrics {
  readonly #apis: ApiDef[]
  readonly #stores: ReadonlyArray<{ api: ApiDef, store: ApiStore }>
  readonly #version: string
  #registry: Promise<Registry> | undefined
  readonly #rows = new Map<RouteRow, Cell>()
  /** The sandbox's own routes and unmatched requests, by route pattern (a fixed set). */
  readonly #others = new Map<string, Cell>()
  readonly #writes = new Map<string, number>()

  constructor (apis: ApiDef[], stores: ReadonlyArray<{ api: ApiDef, store: ApiStore }>, version: string) {
    for (const api of apis) for (const row of api.rows) this.#rows.set(row, cell(api.id, row.operationId))
    this.#apis = apis
    this.#stores = stores
    this.#version = version
  }

  /** The registry whose metrics read the cells, made once. */
  registry (): Promise<Registry> {
    this.#registry ??= import('prom-client').then((prom) => this.#build(prom))
    return this.#registry
  }

  #build ({ Counter, Gauge, Registry }: typeof import('prom-client')): Registry {
    const registry = new Registry()
    const apis = this.#apis
    const stores = this.#stores
    const version = this.#version
    const cells = (): Cell[] => [...this.#rows.values(), ...this.#others.values()]
    const writes = this.#writes
    new Gauge({ name: 'sandbox_info', help: 'The sandbox version (always 1).', labelNames: ['version'], registers: [registry] }).set({ version }, 1)
    new Counter({
      name: 'sandbox_requests_total',
      help: 'Requests answered, by API, operation (the spec\'s operationId; the route for the sandbox\'s own) and status.',
      labelNames: ['api', 'operation', 'status'],
      registers: [registry],
      collect () {
        this.reset()
        for (const c of cells()) for (const [status, n] of c.statuses) this.inc({ api: c.api, operation: c.operation, status }, n)
      },
    })
    registry.registerMetric({
      name: 'sandbox_request_duration_seconds',
      help: 'Time from the request\'s arrival to its answer, by API and operation.',
      type: 'histogram',
      get: () => ({
        name: 'sandbox_request_duration_seconds',
        help: 'Time from the request\'s arrival to its answer, by API and operation.',
        type: 'histogram',
        aggregator: 'sum',
        values: cells().filter((c) => c.count > 0).flatMap(histogramValues),
      }),
    } as never)
    new Gauge({
      name: 'sandbox_tenants_open',
      help: 'Tenants whose data this process holds open, by API (the PostgreSQL engine keeps none in the process: 0).',
      labelNames: ['api'],
      registers: [registry],
      collect () {
        for (const { api, store } of stores) this.set({ api: api.id }, store.keys().length)
      },
    })
    new Counter({
      name: 'sandbox_store_writes_total',
      help: 'Committed changes appended to a tenant\'s store, by API (memory and file engines).',
      labelNames: ['api'],
      registers: [registry],
      collect () {
        this.reset()
        for (const api of apis) this.inc({ api: api.id }, writes.get(api.id) ?? 0)
      },
    })
    return registry
  }

  /** Counts an answered request (onResponse). */
  record (request: FastifyRequest, reply: FastifyReply): void {
    const row = request.row
    let c = row === null ? undefined : this.#rows.get(row)
    if (c === undefined) {
      const route = request.routeOptions.url ?? 'unmatched'
      c = this.#others.get(route)
      if (c === undefined) {
        c = cell('sandbox', route)
        this.#others.set(route, c)
      }
    }
    const status = reply.statusCode
    c.statuses.set(status, (c.statuses.get(status) ?? 0) + 1)
    const ms = reply.elapsedTime
    let b = 0
    while (b < BOUNDS_MS.length && ms > BOUNDS_MS[b]!) b++
    c.buckets[b]!++
    c.sum += ms
    c.count++
  }

  /** The engine, with each tenant log counting its appends (a log is made once per tenant, not per request). */
  countWrites (engine: StoreEngine): StoreEngine {
    if ('shared' in engine) return engine
    const writes = this.#writes
    const counted = (tenantKey: string, log: TenantLog): TenantLog => {
      const api = tenantKey.slice(0, tenantKey.indexOf(':'))
      return {
        load: (...args) => log.load(...args),
        async append (...args) {
          await log.append(...args)
          writes.set(api, (writes.get(api) ?? 0) + 1)
        },
        clear: () => log.clear(),
        ...(log.committed === undefined ? {} : { committed: (...args) => log.committed!(...args) }),
      }
    }
    const persistence: Persistence = engine
    return { ...persistence, log: (tenantKey) => counted(tenantKey, persistence.log(tenantKey)) }
  }

  /** GET /__sandbox/metrics: open like /__sandbox/health (it names no tenant and no credential). */
  register (app: FastifyInstance): void {
    app.get('/__sandbox/metrics', async (_request, reply) => {
      const registry = await this.registry()
      const text = await registry.metrics()
      return reply.type(registry.contentType).send(text)
    })
  }
}

function histogramValues (c: Cell): Array<{ metricName: string, labels: Record<string, string | number>, value: number }> {
  const labels = { api: c.api, operation: c.operation }
  const out = []
  let cumulative = 0
  for (const [i, bound] of BUCKETS.entries()) {
    cumulative += c.buckets[i]!
    out.push({ metricName: 'sandbox_request_duration_seconds_bucket', labels: { ...labels, le: bound }, value: cumulative })
  }
  out.push({ metricName: 'sandbox_request_duration_seconds_bucket', labels: { ...labels, le: '+Inf' }, value: c.count })
  out.push({ metricName: 'sandbox_request_duration_seconds_sum', labels, value: c.sum / 1000 })
  out.push({ metricName: 'sandbox_request_duration_seconds_count', labels, value: c.count })
  return out
}
