import type { FastifyInstance } from 'fastify'

/** How long a stop may take (requests in flight finishing, the store closing) before the process exits anyway. */
const CLOSE_DEADLINE_MS = 10_000

/**
 * Stops the server cleanly on SIGINT and SIGTERM (a second signal exits at once), and when the
 * npm process that started it (`npm start`, `npx`, `npm exec`) is gone: npm runs the server
 * under `sh -c`, and a SIGTERM to npm ends that shell without passing the signal on, which
 * would leave the server running with no parent.
 */
export function stopOnSignals (app: FastifyInstance, env: NodeJS.ProcessEnv = process.env): void {
  let stopping = false
  const stop = (reason: string, code: number): void => {
    if (stopping) {
      process.exit(code)
    }
    stopping = true
    app.log.info(`${reason}: stopping`)
    setTimeout(() => {
      app.log.warn(`still stopping after ${CLOSE_DEADLINE_MS} ms: exiting`)
      process.exit(1)
    }, CLOSE_DEADLINE_MS).unref()
    app.close().then(() => process.exit(0), () => process.exit(1))
  }
  process.on('SIGINT', () => stop('SIGINT', 130))
  process.on('SIGTERM', () => stop('SIGTERM', 143))
  if (env.npm_lifecycle_event !== undefined) {
    const parent = process.ppid
    setInterval(() => {
      if (process.ppid !== parent) stop('the npm process that started the sandbox is gone', 1)
    }, 500).unref()
  }
}
