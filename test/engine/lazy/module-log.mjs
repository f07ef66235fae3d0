// Loaded with --import by probe.ts: records the URL of every module Node imports (the hooks
// run on a thread of their own and report each URL here), for the probe to read.
import { register } from 'node:module'
import { MessageChannel } from 'node:worker_threads'

const { port1, port2 } = new MessageChannel()
globalThis.importedModules = new Set()
port1.on('message', (url) => globalThis.importedModules.add(url))
port1.unref()
register(new URL('./module-log-hooks.mjs', import.meta.url), { data: { port: port2 }, transferList: [port2] })
