#!/usr/bin/env node
// The build, done only as far as something changed (npm start runs it before every start, see start.js):
//   1. TypeScript → dist/ (tsc), when a file of src/, a tsconfig or the lock file is newer than the last build;
//   2. the specs → dist/compiled/ (dist/build/specs.js), when step 1 ran or a spec's content
//      differs from what the last spec build recorded (by SHA-256, as the server compares).
// Nothing changed: nothing runs, and the start is not delayed.
//
//   node scripts/build.js            build what is stale
//   node scripts/build.js --force    build everything
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const DIST = join(ROOT, 'dist')
const STAMP = join(DIST, '.build-stamp')
const MANIFEST = join(DIST, 'compiled', 'manifest.json')
// child_process is loaded only when something is built: npm start on a built tree never needs it.
const require = createRequire(import.meta.url)
const SPECS = join(ROOT, 'specs')

/** The newest modification time (ms) among files, and folders' files recursively. */
function newest (paths) {
  let latest = 0
  for (const path of paths) {
    if (!existsSync(path)) continue
    const stat = statSync(path)
    if (stat.isDirectory()) latest = Math.max(latest, newest(readdirSync(path).map((name) => join(path, name))))
    else latest = Math.max(latest, stat.mtimeMs)
  }
  return latest
}

function run (what, args) {
  process.stdout.write(`build: ${what}\n`)
  const result = require('node:child_process').spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' })
  if (result.status !== 0) {
    process.stderr.write(`build: ${what} failed (exit code ${result.status ?? result.signal})\n`)
    process.exit(1)
  }
}

/** Whether the spec build records exactly the spec files there are now. */
function specsBuilt () {
  let manifest
  try {
    manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'))
  } catch {
    return false
  }
  const files = readdirSync(SPECS).filter((n) => n.endsWith('.yaml') || n.endsWith('.yml')).sort()
  const built = new Map((manifest.specs ?? []).map((s) => [s.file, s.sha256]))
  return files.length === built.size &&
    files.every((file) => built.get(file) === createHash('sha256').update(readFileSync(join(SPECS, file), 'utf8')).digest('hex'))
}

/** Builds what is stale (everything with `force`); nothing when nothing changed. */
export function build (force = false) {
  const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json', 'scripts/build.js'].map((p) => join(ROOT, p))
  const stamp = existsSync(STAMP) && existsSync(join(DIST, 'main.js')) ? statSync(STAMP).mtimeMs : -1
  const codeStale = force || newest(inputs) > stamp
  const started = new Date()
  if (codeStale) run('TypeScript → dist/', [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'])
  if (codeStale || !specsBuilt()) run('specs → dist/compiled/', [join(DIST, 'build', 'specs.js')])
  if (codeStale) {
    // Stamped once both steps succeeded (a failed spec build is run again with new code), with
    // the time the build began: a file saved during it is seen as changed next time.
    writeFileSync(STAMP, '')
    utimesSync(STAMP, started, started)
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) build(process.argv.includes('--force'))
