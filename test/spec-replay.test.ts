// The request examples of every operation of every spec, replayed against the sandbox as a
// contract tool would (Portman, Schemathesis' examples phase): every answer must have a
// documented status, a documented media type with a body valid against its schema, and every
// header the spec marks required. The specs are read with their own resolver
// (@seriousme/openapi-schema-validator) and bodies checked with a JSON Schema 2020-12
// validator, independently of the sandbox's loader and contract mode.
import { readdir, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { Validator } from '@seriousme/openapi-schema-validator'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import t from 'tap'
import { parse } from 'yaml'
import { WM_HEADERS, basic, sandbox, type TestSandbox } from './helpers.js'

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default
type Headers = Record<string, string>
interface Media { schema?: object, example?: unknown, examples?: Record<string, { value?: unknown }> }
interface Parameter { name: string, in: string, required?: boolean, example?: unknown, examples?: Record<string, { value?: unknown }>, schema?: Record<string, unknown> }
interface Response { content?: Record<string, Media>, headers?: Record<string, { required?: boolean }> }
interface Operation { operationId: string, parameters?: Parameter[], requestBody?: { content?: Record<string, Media> }, responses: Record<string, Response>, security?: Array<Record<string, string[]>> }

const ajv = new Ajv2020({ strict: false, allErrors: true })
addFormats(ajv)

async function token (s: TestSandbox, url: string, client: string, secret: string, extra: string): Promise<string> {
  const res = await s.app.inject({ method: 'POST', url, payload: `grant_type=client_credentials${extra}`, headers: { authorization: basic(client, secret), 'content-type': 'application/x-www-form-urlencoded' } })
  return String(res.json().access_token)
}

/** A demo credential per API and security scheme. */
const CREDENTIALS: Record<string, (s: TestSandbox) => Promise<Record<string, Headers>>> = {
  wm: async () => ({ basicAuth: { authorization: WM_HEADERS.authorization } }),
  imiconnect: async () => ({ profileKey: { key: 'imi-sandbox-key' } }),
  simpro: async () => ({ bearerAuth: { authorization: 'Bearer simpro-sandbox-token' } }),
  asseco: async (s) => ({ oauth: { authorization: `Bearer ${await token(s, '/v1/authentication/connect/token', 'asseco-sandbox-client', 'asseco-sandbox-secret', '')}` } }),
  citi: async (s) => ({
    citiClient: { authorization: basic('citi-sandbox-client', 'citi-sandbox-secret') },
    citiOAuth: { authorization: `Bearer ${await token(s, '/clientCredentials/oauth2/token/au/gcb', 'citi-sandbox-client', 'citi-sandbox-secret', '&scope=/api')}` },
  }),
}

// Examples that only work after an earlier step (a sign-in page's token, a fresh code, a control flow id): a documented 4xx is their right answer.
const NEEDS_STATE = new Set(['authorizeLogin', 'authorizationCodeToken', 'refreshToken', 'confirmCustomerEmails', 'confirmCustomerPhoneNumbers'])

function exampleOf (p: Parameter): unknown {
  if (p.example !== undefined) return p.example
  const named = Object.values(p.examples ?? {})[0]?.value
  if (named !== undefined) return named
  const schema = p.schema ?? {}
  return schema.example ?? schema.const ?? (Array.isArray(schema.enum) ? schema.enum[0] : undefined) ?? schema.default
}

/** The operation's requests: one per named body example (or one without a body). */
function requestsFor (path: string, shared: Parameter[], op: Operation): Array<{ name: string, url: string, headers: Headers, payload?: string }> {
  const own = new Map([...shared, ...(op.parameters ?? [])].map((p) => [`${p.in}:${p.name}`, p]))
  let url = path
  const query = new URLSearchParams()
  const headers: Headers = {}
  for (const p of own.values()) {
    if (p.in !== 'path' && p.required !== true) continue
    const value = exampleOf(p)
    if (value === undefined) continue
    if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(String(value)))
    else if (p.in === 'query') for (const v of [value].flat()) query.append(p.name, String(v))
    else if (p.in === 'header') headers[p.name.toLowerCase()] = String(value)
  }
  const produces = new Set(Object.values(op.responses).flatMap((r) => Object.keys(r.content ?? {})))
  if (produces.size > 0) headers.accept = [...produces].join(', ')
  const search = query.toString()
  const full = search === '' ? url : `${url}?${search}`
  const [type, media] = Object.entries(op.requestBody?.content ?? {})[0] ?? []
  if (type === undefined || media === undefined) return [{ name: 'no body', url: full, headers }]
  const bodies = Object.entries(media.examples ?? {}).map(([name, e]) => [name, e.value] as const)
  if (media.example !== undefined) bodies.push(['example', media.example])
  return bodies.map(([name, body]) => ({
    name,
    url: full,
    headers: { ...headers, 'content-type': type },
    payload: type === 'application/x-www-form-urlencoded' ? new URLSearchParams(body as Headers).toString() : typeof body === 'string' ? body : JSON.stringify(body),
  }))
}

const dir = fileURLToPath(new URL('../specs/', import.meta.url))
for (const file of (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort()) {
  t.test(`${file}: every operation's request examples answer as the spec says`, async (t) => {
    const validator = new Validator()
    const result = await validator.validate(parse(await readFile(`${dir}${file}`, 'utf8')))
    t.ok(result.valid, 'the spec is a valid OpenAPI document')
    const doc = validator.resolveRefs() as { 'x-sandbox': { id: string }, 'paths': Record<string, Record<string, unknown>>, 'security'?: Operation['security'] }
    const s = await sandbox(t)
    const schemes = await CREDENTIALS[doc['x-sandbox'].id]!(s)
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, value] of Object.entries(item)) {
        if (!['get', 'put', 'post', 'delete', 'patch'].includes(method)) continue
        const op = value as Operation
        const requirement = (op.security ?? doc.security ?? []).find((r) => Object.keys(r).every((name) => schemes[name] !== undefined)) ?? {}
        const auth = Object.assign({}, ...Object.keys(requirement).map((name) => schemes[name]))
        for (const request of requestsFor(path, (item.parameters ?? []) as Parameter[], op)) {
          const where = `${op.operationId} (${request.name})`
          const res = await s.inject({ method: method.toUpperCase() as 'GET', url: request.url, headers: { ...request.headers, ...auth }, ...(request.payload === undefined ? {} : { payload: request.payload }) })
          const documented = op.responses[String(res.statusCode)]
          if (!t.ok(documented, `${where}: status ${res.statusCode} is documented`)) continue
          if (!NEEDS_STATE.has(op.operationId)) t.ok(res.statusCode < 400, `${where}: the example succeeds (${res.statusCode} ${res.body.slice(0, 200)})`)
          for (const [name, header] of Object.entries(documented!.headers ?? {})) {
            if (header.required === true) t.ok(res.headers[name.toLowerCase()] !== undefined, `${where}: required header ${name} is sent`)
          }
          const content = documented!.content ?? {}
          if (Object.keys(content).length === 0) {
            t.equal(res.body, '', `${where}: no body, as documented`)
            continue
          }
          const type = String(res.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
          if (!t.ok(content[type], `${where}: media type "${type}" is documented (${Object.keys(content).join(', ')})`)) continue
          const schema = content[type]!.schema
          if (type.endsWith('json') && schema !== undefined) {
            const validate = ajv.compile(schema)
            t.ok(validate(res.json()), `${where}: body matches the schema ${JSON.stringify(validate.errors ?? [])}`)
          }
        }
      }
    }
  })
}
