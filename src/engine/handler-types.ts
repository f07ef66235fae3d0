import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ClientRegistry } from '../auth/clients.js'
import type { Clock, TokenKeeper } from '../auth/tokens.js'
import type { RouteRow } from '../spec/compile.js'
import type { UuidSource } from './uuid.js'
import type { ApiStore, TenantData } from '../store/store.js'

/**
 * Serves one operation. Returns the response body; `undefined` means the resource is absent
 * (the engine answers the dialect's 404), `null` means a response without a body.
 */
export type OperationHandler = (request: FastifyRequest, reply: FastifyReply, data: TenantData) => unknown

/** An API's OAuth side: the tokens its sandbox issued (with the clock) and its registered clients. */
export interface ApiAuth {
  tokens: TokenKeeper
  clients: ClientRegistry
}

export interface HandlerDeps {
  row: RouteRow
  store: ApiStore
  auth: ApiAuth
  /** Per-response UUIDs (seeded with --seed). */
  uuid: UuidSource
  /** The sandbox's clock, ms since the epoch (tests pass a fake one). */
  clock: Clock
  /** Bytes a behaviour's own cache may hold (`--cache-bytes`). */
  cacheBytes: number
}

/** Builds an operation's handler once, at boot, from its route row. */
export type HandlerFactory = (deps: HandlerDeps) => OperationHandler

/** An API's behaviours by the name its spec's `x-sandbox-handler` uses. */
export type Behaviours = Readonly<Record<string, HandlerFactory>>
