// The package as users get it: built, packed by `npm pack`, installed from the tarball into an
// empty project (from npm's cache where it has them), started with npx and with npm start, stopped by
// signals; its type definitions, its docs' examples and its engines.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, rm, symlink, writeFile, mkdir } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import semver from 'semver'
import t, { type Test } from 'tap'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const PKG = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { name: string, version: string, engines: { node: string } }
const NPM = 'npm'

// npm's own variables of an outer `npm test` would steer the npm runs below: they start clean.
const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))) as NodeJS.ProcessEnv
const CLEAN = { ...ENV, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' }

interface Ran { code: number | null, stdout: string, stderr: string }

function run (command: string, args: string[], cwd: string, timeout = 60_000): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: CLEAN, stdio: ['ignore', 'pipe', 'pipe'], timeout })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Starts a long-running command in a process group of its own; resolves once the sandbox listens. */
async function start (t: Test, command: string, args: string[], cwd: string): Promise<{ child: ChildProcess, url: string, exited: Promise<number | null>, output: () => string }> {
  const child = spawn(command, args, { cwd, env: CLEAN, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  t.teardown(() => { try { process.kill(-child.pid!, 'SIGKILL') } catch {} })
  let output = ''
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line within 60 s:\n${output}`)), 60_000)
    const read = (d: Buffer): void => {
      output += d.toString()
      const found = /listening at (http:\/\/[\d.]+:\d+)/.exec(output)
      if (found !== null) {
        clearTimeout(timer)
        resolve(found[1]!)
      }
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`exited (${code}) before listening:\n${output}`)) })
  })
  return { child, url, exited, output: () => output }
}

const portFree = (url: string): Promise<boolean> => new Promise((resolve) => {
  const { hostname, port } = new URL(url)
  const socket = connect(Number(port), hostname)
  socket.on('connect', () => { socket.destroy(); resolve(false) })
  socket.on('error', () => resolve(true))
})

/** Whether any process of the group is still there. */
function groupAlive (pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
    return true
  } catch {
    return false
  }
}

async function stopsCleanly (t: Test, started: Awaited<ReturnType<typeof start>>, signal: NodeJS.Signals, how: string): Promise<void> {
  const to = how.endsWith('group') ? 'group' : 'npm'
  const health = await fetch(`${started.url}/__sandbox/health`)
  t.equal(health.status, 200, `${how}: it serves`)
  t.match(await health.json(), { status: 'ok' })
  const pid = started.child.pid!
  process.kill(to === 'group' ? -pid : pid, signal)
  await started.exited
  const deadline = Date.now() + 15_000
  while (groupAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
  t.notOk(groupAlive(pid), `${how}: after ${signal} to ${to === 'group' ? 'the process group (Ctrl-C)' : 'npm alone'}, no process is left`)
  t.ok(await portFree(started.url), `${how}: and the port is free`)
  t.match(started.output(), new RegExp(`${signal}|npm process that started the sandbox is gone`), `${how}: the server logged why it stopped`)
}

/** The fenced blocks of a docs page marked `file=<name>`. */
async function examples (page: string): Promise<Map<string, string>> {
  const text = await readFile(join(ROOT, page), 'utf8')
  const out = new Map<string, string>()
  for (const m of text.matchAll(/^```\w+ file=(\S+)\n([\s\S]*?)^```$/gm)) out.set(m[1]!, m[2]!)
  return out
}

t.before(async () => {
  // The package is made from dist/: built here when stale (nothing to do on a built tree).
  const built = await run(process.execPath, ['scripts/build.js'], ROOT, 120_000)
  if (built.code !== 0) throw new Error(`build failed:\n${built.stdout}${built.stderr}`)
})

t.test('every dependency the package installs accepts its whole engines range', async (t) => {
  const listed = await run(NPM, ['ls', '--omit=dev', '--all', '--parseable'], ROOT)
  t.equal(listed.code, 0, 'npm ls', { stderr: listed.stderr })
  const folders = [...new Set(listed.stdout.trim().split('\n').slice(1))]
  t.ok(folders.length > 50, `${folders.length} packages`)
  const narrower: string[] = []
  for (const folder of folders) {
    const dep = JSON.parse(await readFile(join(folder, 'package.json'), 'utf8')) as { name: string, version: string, engines?: { node?: string } }
    const wanted = dep.engines?.node
    if (wanted !== undefined && !semver.subset(PKG.engines.node, wanted)) narrower.push(`${dep.name}@${dep.version} needs node ${wanted}`)
  }
  t.same(narrower, [], `engines "${PKG.engines.node}" is within every dependency's`)
  t.ok(semver.satisfies(process.versions.node, PKG.engines.node), `this Node (${process.versions.node}) is in the range`)
})

t.test('--version and -v print the package version', async (t) => {
  for (const flag of ['--version', '-v']) {
    const ran = await run(process.execPath, ['dist/main.js', flag], ROOT)
    t.equal(ran.code, 0)
    t.equal(ran.stdout, `${PKG.version}\n`, flag)
  }
})

// Slow by nature (npm pack, an npm install, five server starts): the independent parts run at once.
t.setTimeout(240_000)

async function npmStartStops (t: Test): Promise<void> {
  for (const [signal, to] of [['SIGTERM', 'npm'], ['SIGINT', 'group']] as const) {
    const started = await start(t, NPM, ['start', '--', '--port', '0', '--in-memory'], ROOT)
    await stopsCleanly(t, started, signal, `npm start, ${to}`)
  }
}

async function npxStops (t: Test, app: string): Promise<void> {
  for (const [signal, to] of [['SIGTERM', 'npm'], ['SIGINT', 'group']] as const) {
    const started = await start(t, NPM, ['exec', '--prefer-offline', '--', 'profile-sandbox', '--port', '0', '--in-memory'], app)
    await stopsCleanly(t, started, signal, `npx, ${to}`)
  }
}

async function typesCheck (t: Test, app: string): Promise<void> {
  await writeFile(join(app, 'check.ts'), [
    "import { startSandbox, buildServer, type RunningSandbox, type JournalQuery, type ListedEntry } from 'profile-sandbox'",
    "const sandbox: RunningSandbox = await startSandbox({ seed: 1, cors: ['http://localhost:5173'], port: 0 })",
    "const query: JournalQuery = { api: 'wm', status: 200, since: new Date() }",
    'const count: number = await sandbox.journalCount(query)',
    'const entries: ListedEntry[] = await sandbox.journal(query)',
    "const reset: string[] | 'all' = await sandbox.reset({ api: 'wm', headers: { authorization: 'x' } })",
    'const app = await buildServer({ inMemory: true })',
    '// @ts-expect-error an option the server does not have',
    'await startSandbox({ inMemroy: true })',
    'await sandbox.stop()',
    'export { count, entries, reset, app }',
    '',
  ].join('\n'))
  const tsc = await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext',
    '--moduleResolution', 'nodenext', '--skipLibCheck', '--types', 'node', '--typeRoots', join(ROOT, 'node_modules/@types'), 'check.ts'], app)
  t.equal(tsc.code, 0, 'the type definitions type-check a consumer, and refuse a wrong option', { output: tsc.stdout + tsc.stderr })
}

async function docsExamples (t: Test, app: string): Promise<void> {
  const found = await examples('docs/programmatic-use.md')
  t.same([...found.keys()], ['test/profiles.test.js', 'test/wm.test.js'], 'docs/programmatic-use.md has a tap and a node:test example')
  await mkdir(join(app, 'test'))
  // The consumer project's own test runner.
  await symlink(join(ROOT, 'node_modules/tap'), join(app, 'node_modules/tap'), 'dir')
  for (const [name, code] of found) await writeFile(join(app, name), code)

  const tap = await run(process.execPath, ['test/profiles.test.js'], app)
  t.equal(tap.code, 0, 'the tap example passes as written', { output: tap.stdout + tap.stderr })
  t.match(tap.stdout, /ok 1 - a created customer profile is read back/)
  t.match(tap.stdout, /ok 2 - the next test starts from the fixtures again/)
  t.notMatch(tap.stdout, /not ok/)

  const nodeTest = await run(process.execPath, ['--test', 'test/wm.test.js'], app)
  t.equal(nodeTest.code, 0, 'the node:test example passes as written', { output: nodeTest.stdout + nodeTest.stderr })
  t.match(nodeTest.stdout, /# pass 2/)
  t.match(nodeTest.stdout, /# fail 0/)
}

async function fromTarball (t: Test): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-package-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const packed = await run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT)
  t.equal(packed.code, 0, 'npm pack', { stderr: packed.stderr })
  const [info] = JSON.parse(packed.stdout) as Array<{ filename: string, files: Array<{ path: string }> }>
  const files = new Set(info!.files.map((f) => f.path))
  for (const path of ['dist/main.js', 'dist/index.js', 'dist/index.d.ts', 'dist/start.d.ts', 'dist/compiled/manifest.json', 'specs/wm-profiles.yaml', 'fixtures/wm/credentials.json', 'package.json']) {
    t.ok(files.has(path), `the tarball has ${path}`)
  }
  t.notOk([...files].some((p) => p.startsWith('test/') || p.startsWith('src/')), 'and no tests or sources')

  const app = join(dir, 'app')
  await mkdir(app)
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
  const installed = await run(NPM, ['install', '--prefer-offline', '--omit=dev', '--no-package-lock', join(dir, info!.filename)], app, 120_000)
  t.equal(installed.code, 0, 'npm install from the tarball', { stderr: installed.stderr })
  t.notMatch(installed.stderr, /EBADENGINE/, 'no dependency asks for another Node')

  const version = await run(NPM, ['exec', '--prefer-offline', '--', 'profile-sandbox', '--version'], app)
  t.equal(version.stdout, `${PKG.version}\n`, 'npx profile-sandbox --version')
  await Promise.all([npxStops(t, app), typesCheck(t, app), docsExamples(t, app)])
}

t.test('installed from the packed tarball (npx, types, the docs\' examples) and from npm start: it works, and stops on signals leaving nothing behind', async (t) => {
  await Promise.all([fromTarball(t), npmStartStops(t)])
})
