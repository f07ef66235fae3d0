import t from 'tap'
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildSpecs } from '../../src/build/specs.js'
import { defaultOptions } from '../../src/server.js'

/** What only some requests need, by a path its loading always reads. */
const LAZY: Record<string, RegExp> = {
  'Swagger UI': /node_modules\/@fastify\/swagger-ui\//,
  '@fastify/swagger': /node_modules\/@fastify\/swagger\//,
  'the docs plugin': /src\/docs\/plugin\.ts$/,
  'the docs catalogue': /src\/docs\/catalogue\.ts$/,
  'the ajv compiler': /node_modules\/ajv\/dist\/core\.js$/,
  'the YAML parser': /node_modules\/yaml\//,
  'the OpenAPI parser': /node_modules\/@readme\/openapi-parser\//,
  'the data generator': /src\/data\/generate\.ts$/,
  faker: /node_modules\/@faker-js\/faker\//,
  'json-schema-faker': /node_modules\/json-schema-faker\//,
  'the PostgreSQL client': /node_modules\/pg\//,
  'prom-client (first /__sandbox/metrics)': /node_modules\/prom-client\//,
  'pino-pretty (pretty logs only)': /node_modules\/pino-pretty\//,
}

interface Stage { stage: string, modules: string[] }

/** Runs probe.ts with the TypeScript loader this test runs under, and the module log. */
function probe (buildDir: string): Promise<Stage[]> {
  const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url))
  const loader = process.execArgv.filter((arg) => arg === '--import=tsx' || arg.includes('@tapjs/typescript') || arg === '--enable-source-maps')
  const child = spawn(process.execPath, [...loader, '--import', here('./lazy/module-log.mjs'), here('./lazy/probe.ts'), buildDir], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { out += chunk })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { err += chunk })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the probe exited with code ${code}: ${err.slice(0, 2000)}`))
      else resolve(out.trim().split('\n').map((line) => JSON.parse(line) as Stage))
    })
  })
}

const loaded = (stage: Stage | undefined): string[] =>
  Object.entries(LAZY).filter(([, pattern]) => stage?.modules.some((m) => pattern.test(m))).map(([name]) => name).sort()

t.test('nothing that only some requests need is loaded before the first request that needs it', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-lazy-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  await buildSpecs(defaultOptions.specsDir, join(dir, 'compiled'))
  const [boot, read, journal, docs] = await probe(join(dir, 'compiled'))

  t.ok(boot?.modules.some((m) => m.endsWith('src/server.ts')), 'the probe sees the modules it loads')
  t.same(loaded(boot), [], 'after the start (from the build): none')
  t.same(loaded(read), [], 'after an API read: none (the build\'s validators and serializer serve it)')
  t.same(loaded(journal), ['the ajv compiler'], 'after a journal query: the compiler of the control routes\' validators')
  // @fastify/swagger brings the YAML parser along; the OpenAPI parser never comes (the build is used), nor the generator (no --customers, no Prefer), nor PostgreSQL's client (no --store).
  t.same(loaded(docs), ['@fastify/swagger', 'Swagger UI', 'the YAML parser', 'the ajv compiler', 'the docs catalogue', 'the docs plugin'].sort(),
    'after /docs: the docs too')
})
