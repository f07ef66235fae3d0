// The spec build the tests start their sandboxes from (tap's `before` step, see package.json):
// the bundled specs compiled once per change of the sources, into .tap/spec-build/, so that a
// test's sandbox reads its validators and serializers back as `npm start` does instead of
// compiling all five APIs' schemas at every start (about 1 s of CPU a sandbox).
//
// The build is used only while it matches the sources: a fingerprint of src/, specs/ and the
// lock file is written beside it, and a test process that finds another one (a file run on its
// own with node after an edit) compiles the specs at start, as a server without a build does.
//
//   node --import tsx test/spec-build.ts     (re)builds when the sources changed
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const HOME = join(ROOT, '.tap', 'spec-build')
const BUILD = join(HOME, 'compiled')
const FINGERPRINT = join(HOME, 'fingerprint')
const INPUTS = ['src', 'specs', 'package-lock.json']

function files (path: string): string[] {
  try {
    return readdirSync(path, { withFileTypes: true }).flatMap((entry) => files(join(path, entry.name)))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return [path]
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
}

/** SHA-256 over every input file's path and content (a few ms: under 1 MB). */
export function sourceFingerprint (): string {
  const hash = createHash('sha256')
  for (const file of INPUTS.flatMap((input) => files(join(ROOT, input))).sort()) {
    hash.update(`${relative(ROOT, file)}\0`).update(readFileSync(file)).update('\0')
  }
  return hash.digest('hex')
}

function builtFingerprint (): string | undefined {
  try {
    return readFileSync(FINGERPRINT, 'utf8')
  } catch {
    return undefined
  }
}

let current: string | undefined | null = null

/** The spec build made from the sources as they are now, if there is one (checked once per process). */
export function testBuildDir (): string | undefined {
  if (current === null) current = builtFingerprint() === sourceFingerprint() ? BUILD : undefined
  return current
}

/** `{ buildDir }` for buildServer when the tests' build matches the sources, else nothing (the specs are compiled at start). */
export function testBuildOption (): { buildDir?: string } {
  const dir = testBuildDir()
  return dir === undefined ? {} : { buildDir: dir }
}

/** Builds the specs for the tests unless the build already matches the sources. */
export async function ensureTestBuild (): Promise<'built' | 'up to date'> {
  const fingerprint = sourceFingerprint()
  if (builtFingerprint() === fingerprint) return 'up to date'
  const { buildSpecs } = await import('../src/build/specs.js')
  const { defaultOptions } = await import('../src/server.js')
  await mkdir(HOME, { recursive: true })
  await rm(FINGERPRINT, { force: true })
  await buildSpecs(defaultOptions.specsDir, BUILD)
  // Written last: a build cut short is never taken for a finished one.
  await writeFile(FINGERPRINT, fingerprint)
  return 'built'
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Silent when it works: tap's own output follows.
  ensureTestBuild().catch((err: unknown) => {
    process.stderr.write(`spec build for the tests failed: ${(err as Error).message}\n`)
    process.exit(1)
  })
}
