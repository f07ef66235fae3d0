import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance, InjectOptions } from 'fastify'
import type { PlanInput } from './engine/plans/check.js'
import type { PlanView } from './engine/plans/types.js'
import type { JournalFilter, ListedEntry } from './sandbox/journal.js'
import { buildServer, type SandboxOptions } from './server.js'

/** Options of `startSandbox`: any of the server's (see `SandboxOptions`), and where to listen. */
export interface StartOptions extends Partial<SandboxOptions> {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number
  /** Address to listen on (default 127.0.0.1). */
  host?: string
}

/**
 * Which journal entries: every field narrows (as the query of GET /__sandbox/requests); the
 * journal's own filter, with `since` also as a Date or an ISO string, and `tenant` as
 * `<api>:<tenant>` (as entries name it).
 */
export type JournalQuery = Omit<JournalFilter, 'since'> & {
  /** Only requests at or after this time. */
  since?: Date | string
}

/** The tenant a set of credentials selects: the API's id and the headers its calls carry. */
export interface CredentialTarget {
  api: string
  headers: Record<string, string>
}

/** A running sandbox, as a test suite uses it. */
export interface RunningSandbox {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string
  port: number
  /** The admin token of the control routes (X-Sandbox-Admin-Token): the one given, or a random one. */
  adminToken: string
  /** The Fastify instance (e.g. for `app.inject`). */
  app: FastifyInstance
  /**
   * Drops changes: every tenant's (no argument), one tenant's (`"wm:ocsuser"`), or the tenant
   * a set of credentials selects (`{ api, headers }`). Resolves to the tenants reset, or 'all'.
   */
  reset: (target?: string | CredentialTarget) => Promise<string[] | 'all'>
  /** The journal's entries (oldest first) that match. */
  journal: (query?: JournalQuery) => Promise<ListedEntry[]>
  /** How many journal entries match. */
  journalCount: (query?: JournalQuery) => Promise<number>
  /** Empties the journal (or the entries that match); resolves to how many were removed. */
  clearJournal: (query?: JournalQuery) => Promise<number>
  /**
   * Makes a runtime plan (docs/plans.md) for a tenant (`"wm:ocsuser"`) or the tenant a set of
   * credentials selects; resolves to the plan as kept (its `id` among it).
   */
  addPlan: (target: string | CredentialTarget, plan: PlanInput) => Promise<PlanView>
  /** The tenant's plans, most recent first. */
  plans: (target: string | CredentialTarget) => Promise<PlanView[]>
  /** Deletes one of the tenant's plans (by id), or all of them; resolves to the ids deleted. */
  deletePlans: (target: string | CredentialTarget, id?: string) => Promise<string[]>
  /** Stops listening and closes the store; safe to call twice. */
  stop: () => Promise<void>
}

/** A control route's refusal, with the status and the sandbox's message. */
export class SandboxRequestError extends Error {
  override name = 'SandboxRequestError'
  constructor (readonly status: number, readonly body: unknown) {
    super(`the sandbox answered ${status}: ${typeof body === 'object' && body !== null && 'message' in body ? String(body.message) : JSON.stringify(body)}`)
  }
}

function queryString (query: JournalQuery): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, value instanceof Date ? value.toISOString() : String(value))
  }
  const text = params.toString()
  return text === '' ? '' : `?${text}`
}

function bodyOf (query: JournalQuery): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) body[key] = value instanceof Date ? value.toISOString() : value
  }
  return body
}

/**
 * Starts a sandbox for a test suite: in memory (unless a store or `inMemory: false` is given),
 * silent (unless `logLevel` is given), listening on a free port of 127.0.0.1.
 */
export async function startSandbox (options: StartOptions = {}): Promise<RunningSandbox> {
  const { port = 0, host = '127.0.0.1', ...overrides } = options
  const adminToken = overrides.adminToken ?? randomBytes(24).toString('base64url')
  const app = await buildServer({
    inMemory: overrides.store === undefined,
    logLevel: 'silent',
    ...overrides,
    adminToken,
  })
  try {
    await app.listen({ port, host })
  } catch (err) {
    await app.close()
    throw err
  }
  const address = app.server.address() as AddressInfo
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`

  const control = async <T>(request: InjectOptions, admin = true): Promise<T> => {
    const headers = { ...(admin ? { 'x-sandbox-admin-token': adminToken } : {}), ...request.headers }
    const res = await app.inject({ ...request, headers })
    const body: unknown = res.body === '' ? undefined : res.json()
    if (res.statusCode >= 300) throw new SandboxRequestError(res.statusCode, body)
    return body as T
  }

  /** A plan route for a tenant: by its id with the admin token, or by its credentials. */
  const planCall = <T>(method: 'GET' | 'POST' | 'DELETE', target: string | CredentialTarget, suffix = '', payload?: PlanInput): Promise<T> => {
    const byCredentials = typeof target === 'object'
    const query = byCredentials ? `api=${encodeURIComponent(target.api)}` : `tenant=${encodeURIComponent(target)}`
    return control<T>({ method, url: `/__sandbox/plans${suffix}?${query}`, ...(byCredentials ? { headers: target.headers } : {}), ...(payload === undefined ? {} : { payload: payload as unknown as Record<string, unknown> }) }, !byCredentials)
  }

  let stopped: Promise<void> | undefined
  return {
    url,
    port: address.port,
    adminToken,
    app,
    async reset (target) {
      if (typeof target === 'object') {
        const answer = await control<{ reset: string[] }>({ method: 'POST', url: `/__sandbox/reset?api=${encodeURIComponent(target.api)}`, headers: target.headers }, false)
        return answer.reset
      }
      const answer = await control<{ reset: string[] | 'all' }>({ method: 'POST', url: '/__sandbox/reset', payload: target === undefined ? { all: true } : { tenant: target } })
      return answer.reset
    },
    async journal (query = {}) {
      return (await control<{ requests: ListedEntry[] }>({ method: 'GET', url: `/__sandbox/requests${queryString(query)}` })).requests
    },
    async journalCount (query = {}) {
      return (await control<{ count: number }>({ method: 'POST', url: '/__sandbox/requests/count', payload: bodyOf(query) })).count
    },
    async clearJournal (query = {}) {
      return (await control<{ removed: number }>({ method: 'DELETE', url: `/__sandbox/requests${queryString(query)}` })).removed
    },
    addPlan (target, plan) {
      return planCall<PlanView>('POST', target, '', plan)
    },
    async plans (target) {
      return (await planCall<{ plans: PlanView[] }>('GET', target)).plans
    },
    async deletePlans (target, id) {
      return (await planCall<{ deleted: string[] }>('DELETE', target, id === undefined ? '' : `/${encodeURIComponent(id)}`)).deleted
    },
    stop () {
      stopped ??= app.close().then(() => undefined)
      return stopped
    },
  }
}
