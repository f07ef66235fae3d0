import type { FastifyInstance, onRequestHookHandler } from 'fastify'
import { compileSecurity } from '../auth/authenticate.js'
import type { SchemeChecker } from '../auth/schemes.js'
import type { ApiAuth } from './handler-types.js'
import type { ApiDef, RouteRow } from '../spec/compile.js'
import type { ApiStore } from '../store/store.js'
import { acceptCheck } from './accept.js'
import type { ContractHooks } from './contract.js'
import { jsonRefusal } from './body.js'
import { buildRouteHandler } from './handlers.js'
import { latencyFor, type LatencyConfig } from './latency.js'
import { paramRenaming } from './path-params.js'
import { PlanBook } from './plans/match.js'
import { planStep, type FaultJournal } from './plans/step.js'
import { preferStep } from './prefer-hook.js'
import { queryAliases } from './query-aliases.js'
import { scenarioCheck, type Scenario } from './scenarios.js'
import type { UuidSource } from './uuid.js'

export interface RegisterOptions {
  store: ApiStore
  checkers: ReadonlyMap<string, SchemeChecker>
  scenarios: Scenario[]
  auth: ApiAuth
  latency: LatencyConfig
  uuid: UuidSource
  /** Bytes a behaviour's own cache may hold. */
  cacheBytes: number
  /** Characters of a value a plan's pattern is tested on (`--plan-match-length`). */
  planMatchLength: number
  /** Journals a request a plan answers with a fault (Fastify's hooks never see it finish). */
  journalFault?: FaultJournal
  /** Set in contract mode: an operation's hooks checking its responses against the spec. */
  contract?: (row: RouteRow) => ContractHooks
}

/** Registers every route row of an API with Fastify, with its schemas, credential check and handler. */
export function registerApi (app: FastifyInstance, api: ApiDef, options: RegisterOptions): void {
  const defaultTenant = 'default'
  // One string per tenant, made once: the store finds a tenant by it on every request.
  const tenantKeys = new Map<string, string>()
  const tenantKey = (tenant: string): string => {
    let key = tenantKeys.get(tenant)
    if (key === undefined) {
      key = `${api.id}:${tenant}`
      tenantKeys.set(tenant, key)
    }
    return key
  }
  const plans = new PlanBook(options.planMatchLength)
  for (const row of api.rows) {
    const authenticate = compileSecurity(row.security, options.checkers, defaultTenant, `${api.spec.file} ${row.operationId}`)
    // Every route names its row on the request first (the journal and the error handler read it).
    const onRequest: onRequestHookHandler = (request, _reply, done) => {
      request.row = row
      if (authenticate !== undefined) {
        try {
          const identity = authenticate(request)
          // A token kept by a shared engine is looked up in the database: the request waits for it.
          if (identity instanceof Promise) {
            identity.then((found) => {
              request.identity = found
              request.tenant = tenantKey(found.tenant)
              done()
            }, done)
            return
          }
          request.identity = identity
          request.tenant = tenantKey(identity.tenant)
        } catch (err) {
          done(err as Error)
          return
        }
      }
      done()
    }
    const steps = {
      prefer: preferStep(row, latencyFor(options.latency, api.id, row.operationId), options.uuid),
      scenario: scenarioCheck(row, options.scenarios),
      plan: planStep(row, plans, options.auth.tokens.clock, options.journalFault),
    }
    const preValidation = [paramRenaming(row), queryAliases(row), acceptCheck(row), jsonRefusal(row)].filter((hook) => hook !== undefined)
    app.route({
      method: row.method,
      url: row.url,
      schema: row.schema,
      handler: buildRouteHandler(row, { row, store: options.store, auth: options.auth, uuid: options.uuid, clock: options.auth.tokens.clock, cacheBytes: options.cacheBytes }, steps),
      onRequest,
      ...(preValidation.length === 0 ? {} : { preValidation }),
      ...(options.contract === undefined ? {} : options.contract(row)),
    })
  }
}
