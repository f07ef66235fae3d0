#!/usr/bin/env node
// The spec build: everything derivable from the bundled specs, made once into dist/compiled/
// so that a start only reads it back (see src/spec/built.ts):
//   manifest.json            the spec files' content hashes and the validators' index
//   <spec>.json, .raw.json   each spec dereferenced (what the engine compiles) and as written (the docs)
//   <spec>.schemas.json      its operations' body and response schemas in the engine's form
//   validators/<hash>.cjs    every route's request validators, as ajv standalone code (a file each)
//   serializers/<hash>.cjs   every route's response serializers, as fast-json-stringify standalone code
//
//   node dist/build/specs.js [specs folder] [output folder]
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Ajv } from 'ajv'
import fastJsonStringify from 'fast-json-stringify'
import { checkDocsExtensions } from '../docs/check.js'
import { createAjv } from '../engine/ajv.js'
import { REQUEST_AJV, ajvFor } from '../engine/validation.js'
import { compileApis } from '../spec/apis.js'
import { BUILD_FORMAT, MANIFEST, SERIALIZERS, VALIDATORS, docFile, generatorVersions, rawFile, schemasFile, serializerFile, validatorFile, type BuildManifest } from '../spec/built.js'
import type { ApiDef } from '../spec/compile.js'
import { bodySchemaKey, parsedSpec, readSpecTexts, responseSchemaKey, specHash } from '../spec/load.js'
import { serializerKey, validatorKey } from '../spec/route-keys.js'
import type { JsonSchema } from '../spec/types.js'

const require = createRequire(import.meta.url)
const standaloneCode = require('ajv/dist/standalone') as typeof import('ajv/dist/standalone/index.js').default

export interface BuildSummary {
  specs: number
  validators: number
  serializers: number
}

/** The operations' body and response schemas as the engine compiled them (see compile.ts), by their keys. */
function engineSchemas (api: ApiDef): Record<string, JsonSchema> {
  const schemas: Record<string, JsonSchema> = {}
  for (const row of api.rows) {
    const body = row.schema.body
    // Beside raw media types, compile.ts keys the body schema by its media type.
    const content = body?.content as Record<string, { schema: JsonSchema }> | undefined
    const structured = content === undefined ? body : Object.values(content)[0]?.schema
    if (structured !== undefined) schemas[bodySchemaKey(row.method, row.path)] = structured
    for (const [status, schema] of row.responses) if (schema !== null) schemas[responseSchemaKey(row.method, row.path, status)] = schema
  }
  return schemas
}

/** Compiles every spec of `specsDir` into `outDir` (replaced whole, never left half written). */
export async function buildSpecs (specsDir: string, outDir: string): Promise<BuildSummary> {
  const texts = await readSpecTexts(specsDir)
  const specs = await Promise.all(texts.map(parsedSpec))
  const apis = compileApis(specs)
  for (const spec of specs) checkDocsExtensions(spec)

  const ajvs: Partial<Record<'coercing' | 'exact', Ajv>> = {}
  const validators: BuildManifest['validators'] = {}
  const serializers: BuildManifest['serializers'] = {}
  // File → code, for both kinds: files are named by their content.
  const code = new Map<string, string>()
  const addValidator = (key: string, part: string, schema: JsonSchema): void => {
    const which = ajvFor(part)
    const ajv = ajvs[which] ??= createAjv({ ...REQUEST_AJV[which], code: { source: true } })
    const source = standaloneCode(ajv, ajv.compile(schema))
    validators[key] = validatorFile(source)
    code.set(validators[key], source)
  }
  for (const api of apis) {
    for (const row of api.rows) {
      for (const part of ['params', 'querystring', 'headers'] as const) {
        const schema = row.schema[part]
        if (schema !== undefined) addValidator(validatorKey(row.method, row.url, part), part, schema)
      }
      const body = row.schema.body
      const content = body?.content as Record<string, { schema: JsonSchema }> | undefined
      if (content !== undefined) {
        for (const [type, { schema }] of Object.entries(content)) addValidator(validatorKey(row.method, row.url, 'body', type), 'body', schema)
      } else if (body !== undefined) {
        addValidator(validatorKey(row.method, row.url, 'body'), 'body', body)
      }
      for (const [status, schema] of Object.entries(row.schema.response)) {
        // The same options as Fastify's own serializer compiler; validators of anyOf/oneOf inlined (no ajv at run time).
        const source = fastJsonStringify(schema as never, { mode: 'standalone', inlineValidators: true })
        const file = serializerFile(source)
        serializers[serializerKey(row.method, row.url, status.toLowerCase())] = file
        code.set(file, source)
      }
    }
  }

  const manifest: BuildManifest = {
    format: BUILD_FORMAT,
    generators: generatorVersions(),
    specs: texts.map(({ file, text }) => ({ file, sha256: specHash(text) })),
    validators,
    serializers,
  }
  const staging = `${outDir}.tmp-${process.pid}`
  await rm(staging, { recursive: true, force: true })
  await mkdir(staging, { recursive: true })
  try {
    for (const api of apis) {
      const { spec } = api
      await writeFile(join(staging, docFile(spec.file)), JSON.stringify(spec.doc))
      await writeFile(join(staging, rawFile(spec.file)), JSON.stringify(spec.raw))
      await writeFile(join(staging, schemasFile(spec.file)), JSON.stringify(engineSchemas(api)))
    }
    await mkdir(join(staging, VALIDATORS))
    await mkdir(join(staging, SERIALIZERS))
    for (const [file, source] of code) await writeFile(join(staging, file), source)
    // The manifest last: a folder without one is no build.
    await writeFile(join(staging, MANIFEST), JSON.stringify(manifest, null, 1))
    await rm(outDir, { recursive: true, force: true })
    await mkdir(dirname(outDir), { recursive: true })
    await rename(staging, outDir)
  } catch (err) {
    await rm(staging, { recursive: true, force: true })
    throw err
  }
  return { specs: specs.length, validators: Object.keys(validators).length, serializers: Object.keys(serializers).length }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('../../', import.meta.url))
  const specsDir = resolve(process.argv[2] ?? join(root, 'specs'))
  const outDir = resolve(process.argv[3] ?? fileURLToPath(new URL('../compiled', import.meta.url)))
  buildSpecs(specsDir, outDir).then((summary) => {
    process.stdout.write(`specs built into ${outDir}: ${summary.specs} specs, ${summary.validators} validators, ${summary.serializers} serializers\n`)
  }, (err: unknown) => {
    process.stderr.write(`profile-sandbox build: ${(err as Error).message.split('\n')[0]}\n`)
    process.exit(1)
  })
}
