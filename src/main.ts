#!/usr/bin/env node
import type { FastifyInstance } from 'fastify'
import { HELP, readConfig } from './config.js'
import { OptionsError, buildServer } from './server.js'
import { stopOnSignals } from './stop.js'
import { packageVersion } from './version.js'

// The only module with side effects: read the configuration, build, listen, stop on signals.
async function main (): Promise<void> {
  let config
  try {
    config = readConfig(process.argv.slice(2), process.env, process.stdout.isTTY === true)
  } catch (err) {
    process.stderr.write(`profile-sandbox: ${(err as Error).message}\n`)
    process.exit(2)
  }
  if (config.help) {
    process.stdout.write(HELP)
    return
  }
  if (config.version) {
    process.stdout.write(`${packageVersion()}\n`)
    return
  }
  let app
  try {
    if (config.watch) {
      // Reloading: one listener, a new instance behind it per change of the files (see watch.ts).
      const { serveWatching } = await import('./watch.js')
      const watching = await serveWatching(config.options, { port: config.port, host: config.host })
      const log = (await import('pino')).default({ level: config.options.logLevel })
      log.info(`watching the specs, fixtures and behaviours; listening at ${watching.url}`)
      stopOnSignals({ log, close: () => watching.close() } as unknown as FastifyInstance)
      return
    }
    app = await buildServer(config.options)
    await app.listen({ port: config.port, host: config.host })
  } catch (err) {
    process.stderr.write(`profile-sandbox: ${(err as Error).message.split('\n')[0]}\n`)
    // A configuration the sandbox cannot run with (a data folder another process owns, too): exit 2.
    process.exit(err instanceof OptionsError ? 2 : 1)
  }
  stopOnSignals(app)
}

void main()
