// Run by lazy-modules.test.ts in a process of its own (with module-log.mjs): builds a sandbox
// from the build folder given, then serves requests one stage at a time, printing after each
// stage, as one JSON line, the modules loaded since the process began.
import { createRequire } from 'node:module'
import { buildServer } from '../../../src/server.js'
import { WM_HEADERS } from '../../helpers.js'

const require = createRequire(import.meta.url)
const imported = (globalThis as unknown as { importedModules: Set<string> }).importedModules

async function report (stage: string): Promise<void> {
  // The module hooks report from their own thread: let their last messages arrive.
  await new Promise((resolve) => setTimeout(resolve, 100))
  const modules = [...Object.keys(require.cache), ...imported].map((m) => m.replace(/^file:\/\//, ''))
  process.stdout.write(JSON.stringify({ stage, modules }) + '\n')
}

const app = await buildServer({ buildDir: process.argv[2], inMemory: true, logLevel: 'silent', adminToken: 'probe-admin-token' })
await app.ready()
await report('boot')
const read = await app.inject({ url: '/api/v1/customers/104127993008/profiles', headers: WM_HEADERS })
if (read.statusCode !== 200) throw new Error(`WM read answered ${read.statusCode}`)
await report('API read')
const journal = await app.inject({ url: '/__sandbox/requests?status=200', headers: { 'x-sandbox-admin-token': 'probe-admin-token' } })
if (journal.statusCode !== 200) throw new Error(`the journal answered ${journal.statusCode}`)
await report('journal')
const docs = await app.inject({ url: '/docs' })
if (docs.statusCode !== 200) throw new Error(`/docs answered ${docs.statusCode}`)
await report('docs')
await app.close()
