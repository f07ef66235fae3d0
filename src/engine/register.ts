import type { FastifyInstance, onRequestHookHandler } from 'fastify'
import { compileSecurity } from '../auth/authenticate.js'
import type { SchemeChecker } from '../auth/schemes.js'
import type { ApiDef } from '../spec/compile.js'
import type { ApiStore } from '../store/store.js'
import { contractHook, type ViolationReporter } from './contract.js'
import { buildRouteHandler } from './handlers.js'
import { scenarioHook, type Scenario } from './scenarios.js'

export interface RegisterOptions {
  store: ApiStore
  checkers: ReadonlyMap<string, SchemeChecker>
  scenarios: Scenario[]
  /** Set in contract mode: responses are checked against the spec. */
  reportViolation?: ViolationReporter
}

/** Registers every route row of an API with Fastify, with its schemas, credential check and handler. */
export function registerApi (app: FastifyInstance, api: ApiDef, options: RegisterOptions): void {
  const defaultTenant = 'default'
  for (const row of api.rows) {
    const authenticate = compileSecurity(row.security, options.checkers, defaultTenant, `${api.spec.file} ${row.operationId}`)
    const prefix = `${api.id}:`
    const onRequest: onRequestHookHandler | undefined = authenticate === undefined
      ? undefined
      : (request, _reply, done) => {
          try {
            request.tenant = prefix + authenticate(request)
          } catch (err) {
            done(err as Error)
            return
          }
          done()
        }
    const preHandler = scenarioHook(row, options.scenarios)
    app.route({
      method: row.method,
      url: row.url,
      schema: row.schema,
      config: { row },
      handler: buildRouteHandler(row, options.store),
      ...(onRequest === undefined ? {} : { onRequest }),
      ...(preHandler === undefined ? {} : { preHandler }),
      ...(options.reportViolation === undefined ? {} : { onSend: contractHook(row, options.reportViolation) }),
    })
  }
}
