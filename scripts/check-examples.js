#!/usr/bin/env node
// Checks of specs/*.yaml independent of the sandbox's loader and of Redocly: each spec is valid
// against the OpenAPI schema (@seriousme/openapi-schema-validator), and every example in it
// (parameters, headers, media types, schema properties) is valid against its schema, with a
// JSON Schema 2020-12 validator (OpenAPI 3.1's dialect). A folder argument checks another one.
import { readdir, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Validator } from '@seriousme/openapi-schema-validator'
import Ajv2020Module from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { parse } from 'yaml'

const Ajv2020 = Ajv2020Module.default ?? Ajv2020Module
const addFormats = addFormatsModule.default ?? addFormatsModule
const specsDir = process.argv[2] === undefined ? fileURLToPath(new URL('../specs/', import.meta.url)) : resolve(process.argv[2])

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true })
addFormats(ajv)
ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs'])

const problems = []
let checked = 0

function check (file, where, schema, value) {
  checked++
  let validate
  try {
    validate = ajv.compile(schema)
  } catch (err) {
    problems.push(`${file} ${where}: schema does not compile (${err.message})`)
    return
  }
  if (!validate(value)) {
    problems.push(`${file} ${where}: ${validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`)
  }
}

/** A schema and, below it, every property/item schema that carries an `example`. */
function walkSchema (file, where, schema, seen) {
  if (schema === null || typeof schema !== 'object' || seen.has(schema)) return
  seen.add(schema)
  if ('example' in schema) {
    const { example, ...rest } = schema
    check(file, `${where} example`, rest, example)
  }
  for (const [key, sub] of Object.entries(schema.properties ?? {})) walkSchema(file, `${where}/properties/${key}`, sub, seen)
  if (schema.items !== undefined) walkSchema(file, `${where}/items`, schema.items, seen)
  for (const key of ['oneOf', 'anyOf', 'allOf']) (schema[key] ?? []).forEach((sub, i) => walkSchema(file, `${where}/${key}/${i}`, sub, seen))
  if (typeof schema.additionalProperties === 'object') walkSchema(file, `${where}/additionalProperties`, schema.additionalProperties, seen)
}

/** A parameter, header or media type: its `example` and `examples` against its `schema`. */
function checkHolder (file, where, holder, seen) {
  if (holder?.schema === undefined) return
  if (holder.example !== undefined) check(file, `${where} example`, holder.schema, holder.example)
  for (const [name, example] of Object.entries(holder.examples ?? {})) {
    if (example?.value !== undefined) check(file, `${where} examples.${name}`, holder.schema, example.value)
  }
  walkSchema(file, `${where} schema`, holder.schema, seen)
}

for (const file of (await readdir(specsDir)).filter((f) => f.endsWith('.yaml')).sort()) {
  const validator = new Validator()
  const result = await validator.validate(parse(await readFile(join(specsDir, file), 'utf8')))
  if (!result.valid) {
    problems.push(`${file}: not a valid OpenAPI document: ${JSON.stringify(result.errors)}`)
    continue
  }
  const doc = validator.resolveRefs()
  const seen = new Set()
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      if (method === 'parameters') {
        for (const p of op) checkHolder(file, `${path} parameter ${p.name}`, p, seen)
        continue
      }
      if (typeof op !== 'object' || op.responses === undefined) continue
      const at = `${method.toUpperCase()} ${path}`
      for (const p of op.parameters ?? []) checkHolder(file, `${at} parameter ${p.name}`, p, seen)
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) checkHolder(file, `${at} request ${type}`, media, seen)
      for (const [status, response] of Object.entries(op.responses)) {
        for (const [name, header] of Object.entries(response.headers ?? {})) checkHolder(file, `${at} ${status} header ${name}`, header, seen)
        for (const [type, media] of Object.entries(response.content ?? {})) checkHolder(file, `${at} ${status} ${type}`, media, seen)
      }
    }
  }
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) walkSchema(file, `#/components/schemas/${name}`, schema, seen)
}

for (const problem of problems) console.error(problem)
console.log(`OpenAPI schema and ${checked} examples checked: ${problems.length} problem(s)`)
process.exit(problems.length === 0 ? 0 : 1)
