import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { compileFunction } from 'node:vm'
import type { PrebuiltValidator } from '../engine/validation.js'
import { specHash, type LoadedSpec, type SpecText } from './load.js'
import { serializerKey, sourceMethod, validatorKey } from './route-keys.js'
import type { JsonSchema, OpenApiDocument } from './types.js'

/** What the spec build writes (see src/build/specs.ts), and what a start reads back. */
export const BUILD_FORMAT = 3
/** The packages whose code the build writes: another version of either makes the build stale. */
export const GENERATORS = ['ajv', 'fast-json-stringify'] as const
export const MANIFEST = 'manifest.json'
export const VALIDATORS = 'validators'
export const SERIALIZERS = 'serializers'
// Files named by their content: a build replaced under a running server never hands it another route's code.
export const validatorFile = (code: string): string => `${VALIDATORS}/${specHash(code).slice(0, 20)}.cjs`
export const serializerFile = (code: string): string => `${SERIALIZERS}/${specHash(code).slice(0, 20)}.cjs`
export const docFile = (spec: string): string => `${spec}.json`
export const rawFile = (spec: string): string => `${spec}.raw.json`
export const schemasFile = (spec: string): string => `${spec}.schemas.json`

export interface BuildManifest {
  format: number
  /** The versions of the packages that wrote the validators and serializers. */
  generators: Record<string, string>
  /** Every spec file the build compiled, with the SHA-256 of its text. */
  specs: Array<{ file: string, sha256: string }>
  /** Route key (see route-keys.ts) → the file of its validator's module. */
  validators: Record<string, string>
  /** Route key → the file of its serializer's module. */
  serializers: Record<string, string>
}

export type Serialize = (data: unknown) => string
/** The loader of the build's serializer for a route's status, if it holds one. */
export type PrebuiltSerializer = (method: string, url: string, status: string, contentType?: string) => (() => Serialize) | undefined

/** The build of a spec folder, loaded: the dereferenced specs, and the compiled validators and serializers. */
export interface Prebuilt {
  specs: LoadedSpec[]
  validator: PrebuiltValidator
  serializer: PrebuiltSerializer
}

export type BuildLookup = { prebuilt: Prebuilt } | { stale: string }

// Generated modules require ajv's and fast-json-stringify's runtime parts from the project's own packages.
const require = createRequire(import.meta.url)

/** The installed versions of the build's generators. */
export function generatorVersions (): Record<string, string> {
  return Object.fromEntries(GENERATORS.map((name) => [name, (require(`${name}/package.json`) as { version: string }).version]))
}

/** Runs a generated CommonJS module's text (its `require` resolving from this project) and returns its exports. */
function runModule (code: string, filename: string): unknown {
  const module = { exports: {} as unknown }
  compileFunction(code, ['exports', 'require', 'module'], { filename })(module.exports, require, module)
  return module.exports
}

async function readManifest (dir: string): Promise<{ manifest: BuildManifest, hash: string } | undefined> {
  try {
    const text = await readFile(join(dir, MANIFEST), 'utf8')
    const manifest = JSON.parse(text) as BuildManifest
    return manifest.format === BUILD_FORMAT ? { manifest, hash: specHash(text) } : undefined
  } catch {
    return undefined
  }
}

// A process that starts many servers from one build (a test suite) reads each spec of it once:
// its documents are only read, and the same schema objects let the validators compiled for them
// (contract mode, the fixture check) serve every later start. Keyed by the build's folder, the
// manifest's content (a build replaced since is read anew) and the spec file.
const builtSpecs = new Map<string, Promise<LoadedSpec>>()

function builtSpec (dir: string, manifestHash: string, { file, text }: SpecText): Promise<LoadedSpec> {
  const key = `${dir}\0${manifestHash}\0${file}`
  let loaded = builtSpecs.get(key)
  if (loaded === undefined) {
    loaded = readBuiltSpec(dir, { file, text })
    // A read that fails is not kept: the next start reads the build afresh.
    loaded.catch(() => builtSpecs.delete(key))
    builtSpecs.set(key, loaded)
  }
  return loaded
}

async function readBuiltSpec (dir: string, { file, text }: SpecText): Promise<LoadedSpec> {
  const [docText, rawText, schemasText] = await Promise.all([docFile, rawFile, schemasFile].map((name) => readFile(join(dir, name(file)), 'utf8')))
  const spec = { file, text, doc: JSON.parse(docText!) as OpenApiDocument, schemas: JSON.parse(schemasText!) as Record<string, JsonSchema> } as LoadedSpec
  // The document as written is parsed only for the docs, on their first request.
  let raw: OpenApiDocument | undefined
  Object.defineProperty(spec, 'raw', { enumerable: true, get: () => (raw ??= JSON.parse(rawText!) as OpenApiDocument) })
  return spec
}

/** Why the specs read now are not those the build compiled (undefined: they are, byte for byte). */
function difference (manifest: BuildManifest, texts: SpecText[]): string | undefined {
  const built = new Map(manifest.specs.map((s) => [s.file, s.sha256]))
  for (const { file, text } of texts) {
    const hash = built.get(file)
    if (hash === undefined) return `${file} is not in the build`
    if (hash !== specHash(text)) return `${file} changed since the build`
  }
  const extra = manifest.specs.find((s) => !texts.some((t) => t.file === s.file))
  return extra === undefined ? undefined : `${extra.file} is gone since the build`
}

/**
 * The build in `dir`, if it was made from exactly these spec texts (compared by content
 * hash: a stale build is never used); else why not.
 */
export async function findBuild (dir: string, texts: SpecText[]): Promise<BuildLookup> {
  const read = await readManifest(dir)
  if (read === undefined) return { stale: `no build of the specs in ${dir}` }
  const { manifest } = read
  const why = difference(manifest, texts)
  if (why !== undefined) return { stale: why }
  const versions = generatorVersions()
  const changed = GENERATORS.find((name) => manifest.generators?.[name] !== versions[name])
  if (changed !== undefined) return { stale: `${changed} is ${versions[changed]} now, ${manifest.generators?.[changed] ?? 'unknown'} in the build` }

  const specs = await Promise.all(texts.map((text) => builtSpec(dir, read.hash, text)))
  // Each validator and serializer is read when its route first needs it: many never are.
  const loader = <T>(file: string | undefined): (() => T) | undefined => {
    if (file === undefined) return undefined
    const path = join(dir, file)
    return () => runModule(readFileSync(path, 'utf8'), path) as T
  }
  const validator: PrebuiltValidator = (method, url, part, contentType) =>
    loader(manifest.validators[validatorKey(method, url, part, contentType)] ?? manifest.validators[validatorKey(sourceMethod(method), url, part, contentType)])
  const serializer: PrebuiltSerializer = (method, url, status, contentType) =>
    loader(manifest.serializers[serializerKey(method, url, status, contentType)] ?? manifest.serializers[serializerKey(sourceMethod(method), url, status, contentType)])
  return { prebuilt: { specs, validator, serializer } }
}
