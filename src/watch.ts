// `--watch`: the server reloads its specs, fixtures and behaviours when their files change.
//
// One HTTP server listens for the whole run; behind it, a Fastify instance built from the files
// as they are (a generation) serves each request through its router (`fastify.routing`). On a
// change a new generation is built and made ready aside; if that fails (a spec that does not
// compile), the old one keeps serving and the reason is logged. Else the swap: requests already
// in the old generation finish there; requests that arrive meanwhile wait (they are not dropped)
// until the old generation is idle, then go to the new one, which opens tenants afresh from the
// same store engine: tenant data is kept (files, PostgreSQL, or memory kept apart from the
// instances). What lives in an instance starts afresh: the request journal, OAuth tokens the
// sandbox issued, list caches, runtime plans.

import { watch, type FSWatcher } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { basename, dirname } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { clientErrorHandler } from './engine/errors.js'
import { buildServer, persistenceFor, type SandboxOptions } from './server.js'
import { retainedMemoryPersistence, type StoreLogger } from './store/persistence.js'
import type { StoreEngine } from './store/store.js'

/** How long file events are gathered before a reload (an editor's save is several events). */
const SETTLE_MS = 150

interface Generation {
  app: FastifyInstance
  inFlight: number
  idle?: () => void
}

export interface Watching {
  server: Server
  url: string
  /** Reloads now (as a file change would); resolves true when the new generation serves, false when it failed and the old one still does. */
  reload: () => Promise<boolean>
  /** Completed reload attempts, and the last failure's reason. */
  readonly reloads: number
  readonly lastError: string | undefined
  close: () => Promise<void>
}

/** Builds the first generation, listens, and reloads on every change under the watched paths. */
export async function serveWatching (options: SandboxOptions, listen: { port: number, host: string }, logger?: StoreLogger): Promise<Watching> {
  const quiet: StoreLogger = logger ?? { warn: () => {}, error: () => {} }
  // One engine for every generation (memory: kept apart from the instances, so tenants survive a reload).
  const engine: StoreEngine = options.store === undefined && options.inMemory ? retainedMemoryPersistence() : await persistenceFor(options, quiet)
  const build = async (): Promise<FastifyInstance> => {
    const app = await buildServer({ ...options, engine })
    await app.ready()
    return app
  }
  let current: Generation = { app: await build(), inFlight: 0 }
  /** While set, a swap waits for the old generation to go idle: new requests wait for it. */
  let gate: Promise<void> | undefined

  const serve = (generation: Generation, req: IncomingMessage, res: ServerResponse): void => {
    generation.inFlight++
    res.once('close', () => {
      generation.inFlight--
      if (generation.inFlight === 0) generation.idle?.()
    })
    generation.app.routing(req, res)
  }
  const server = createServer((req, res) => {
    if (gate === undefined) serve(current, req, res)
    else void gate.then(() => serve(current, req, res))
  })
  server.requestTimeout = options.requestTimeout
  server.headersTimeout = options.headersTimeout
  server.maxConnections = options.maxConnections
  const onClientError = clientErrorHandler(options)
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => onClientError.call(current.app, err, socket as never))

  let reloads = 0
  let lastError: string | undefined
  let queue: Promise<boolean> = Promise.resolve(true)
  const reloadOnce = async (): Promise<boolean> => {
    let next: FastifyInstance
    try {
      next = await build()
    } catch (err) {
      reloads++
      lastError = (err as Error).message.split('\n')[0]
      current.app.log.error(`reload failed, still serving the previous files: ${lastError}`)
      return false
    }
    const old = current
    let open!: () => void
    gate = new Promise<void>((resolve) => { open = resolve })
    // The old generation's requests finish there (at most a request's whole time).
    if (old.inFlight > 0) {
      await new Promise<void>((resolve) => {
        old.idle = resolve
        setTimeout(resolve, options.requestTimeout).unref()
      })
    }
    current = { app: next, inFlight: 0 }
    gate = undefined
    open()
    reloads++
    lastError = undefined
    next.log.info('specs, fixtures and behaviours reloaded')
    await old.app.close()
    return true
  }
  const reload = (): Promise<boolean> => (queue = queue.then(reloadOnce, reloadOnce))

  // The watched paths: the specs (a folder, or one file's folder), the fixtures, the behaviours.
  const watchers: FSWatcher[] = []
  let timer: NodeJS.Timeout | undefined
  const changed = (): void => {
    clearTimeout(timer)
    timer = setTimeout(() => { void reload() }, SETTLE_MS)
  }
  const watchPath = async (path: string | undefined): Promise<void> => {
    if (path === undefined) return
    let isFile: boolean
    try {
      isFile = (await stat(path)).isFile()
    } catch {
      return // a folder that does not exist (no fixtures of one's own) has nothing to watch
    }
    // A file is watched through its folder: editors replace a file rather than write it in place.
    const folder = isFile ? dirname(path) : path
    const watcher = watch(folder, { recursive: !isFile }, (_event, name) => {
      if (!isFile || name === basename(path)) changed()
    })
    watcher.on('error', () => {})
    watchers.push(watcher)
  }
  await watchPath(options.specsDir)
  await watchPath(options.fixturesDir)
  await watchPath(options.behavioursDir)

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(listen.port, listen.host, () => resolve())
  })
  const address = server.address() as AddressInfo
  return {
    server,
    url: `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`,
    reload,
    get reloads () { return reloads },
    get lastError () { return lastError },
    async close () {
      clearTimeout(timer)
      for (const watcher of watchers) watcher.close()
      await queue
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      await closed
      await current.app.close()
      await engine.close()
    },
  }
}
