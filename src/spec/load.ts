import { hash } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { convertDocument30 } from './openapi30.js'
import type { JsonSchema, OpenApiDocument } from './types.js'

export class SpecError extends Error {
  constructor (file: string, reason: string) {
    super(`spec ${file}: ${reason}`)
    this.name = 'SpecError'
  }
}

export interface LoadedSpec {
  file: string
  /** The file's text, as written (the YAML download). */
  text: string
  /** The document as written (with its $refs), for the playground and downloads. */
  raw: OpenApiDocument
  /** The same document with every $ref resolved: what the engine compiles. */
  doc: OpenApiDocument
  /** From the build: the operations' body and response schemas in the engine's form, by `bodySchemaKey`/`responseSchemaKey`. */
  schemas?: Record<string, JsonSchema>
}

/** Where the build files an operation's body schema, and a response's, in the engine's form. */
export const bodySchemaKey = (method: string, path: string): string => `${method} ${path} body`
export const responseSchemaKey = (method: string, path: string, status: number): string => `${method} ${path} ${status}`

// Checking and dereferencing a spec is the costliest part of a boot, and its result is only
// read: a process that builds many servers (the tests) does it once per file name and content.
const cache = new Map<string, Promise<LoadedSpec>>()

/** A spec file's name and text, as read. */
export interface SpecText {
  file: string
  text: string
}

/** The content hash a build records per spec file and a start compares. */
export const specHash = (text: string): string => hash('sha256', text, 'hex')

/** Reads one spec file's text. */
export async function readSpecText (path: string): Promise<SpecText> {
  const file = basename(path)
  try {
    return { file, text: await readFile(path, 'utf8') }
  } catch (err) {
    throw new SpecError(file, `cannot be read: ${(err as NodeJS.ErrnoException).code ?? 'error'}`)
  }
}

/** Reads, checks against the OpenAPI schema and dereferences one spec file (once per content). */
export async function loadSpec (path: string): Promise<LoadedSpec> {
  return parsedSpec(await readSpecText(path))
}

/** Checks and dereferences a spec's text (once per file name and content). */
export function parsedSpec ({ file, text }: SpecText): Promise<LoadedSpec> {
  const key = `${file}:${specHash(text)}`
  let loaded = cache.get(key)
  if (loaded === undefined) {
    loaded = parseSpec(file, text)
    // A spec that fails is not cached: it is read afresh next time.
    loaded.catch(() => cache.delete(key))
    cache.set(key, loaded)
  }
  return loaded
}

async function parseSpec (file: string, text: string): Promise<LoadedSpec> {
  // The YAML and OpenAPI parsers are loaded only when a spec is compiled (a build, or specs the build does not hold).
  const [{ parse: parseYaml }, { compileErrors, dereference, validate }] = await Promise.all([import('yaml'), import('@readme/openapi-parser')])
  let raw: OpenApiDocument
  try {
    raw = parseYaml(text) as OpenApiDocument
  } catch (err) {
    throw new SpecError(file, `cannot be read as YAML: ${(err as Error).message.split('\n')[0]}`)
  }
  if (raw === null || typeof raw !== 'object' || typeof raw.openapi !== 'string') {
    throw new SpecError(file, 'is not an OpenAPI document (no "openapi" field)')
  }
  const version = /^3\.[01]\.\d+$/.exec(raw.openapi)?.[0]
  if (version === undefined) throw new SpecError(file, `is OpenAPI ${raw.openapi}; 3.0 or 3.1 is required`)
  const result = await validate(structuredClone(raw) as never)
  if (!result.valid) throw new SpecError(file, `is not valid OpenAPI: ${compileErrors(result).split('\n').slice(0, 6).join(' ')}`)
  // A 3.0 document's schemas become JSON Schema (see openapi30.ts) before they are dereferenced.
  const source = version.startsWith('3.0') ? convertDocument30(structuredClone(raw)) : structuredClone(raw)
  const doc = await dereference(source as never) as unknown as OpenApiDocument
  return { file, text, raw, doc }
}

/** Every spec in a folder (or the one spec file), in file-name order. */
export async function loadSpecs (dir: string): Promise<LoadedSpec[]> {
  return Promise.all((await readSpecTexts(dir)).map(parsedSpec))
}

/** Spec files in a folder: YAML, or JSON (a YAML parser reads JSON as well). */
const SPEC_FILE = /\.(ya?ml|json)$/i

/** The text of every spec (`*.yaml`, `*.yml`, `*.json`) in a folder, in file-name order; or of one spec file. */
export async function readSpecTexts (dir: string): Promise<SpecText[]> {
  let names: string[]
  try {
    if ((await stat(dir)).isFile()) return [await readSpecText(dir)]
    names = (await readdir(dir)).filter((n) => SPEC_FILE.test(n)).sort()
  } catch (err) {
    if (err instanceof SpecError) throw err
    throw new SpecError(dir, `the specs folder cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  if (names.length === 0) throw new SpecError(dir, 'the specs folder holds no .yaml, .yml or .json file')
  return Promise.all(names.map((n) => readSpecText(join(dir, n))))
}
