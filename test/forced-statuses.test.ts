// Every documented status of every operation of every spec can be forced with `Prefer: code=`,
// and the answer validates against the spec for that status (the sandbox runs in contract
// mode). The requests are built from the specs' own examples, so a new API needs only a row in
// CREDENTIALS: the test fails, naming the API, until it has one.
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { loadSpecs } from '../src/spec/load.js'
import { HTTP_METHODS, type OperationObject, type ParameterObject, type PathItemObject, type SecurityRequirement } from '../src/spec/types.js'
import type { TestSandbox } from './helpers.js'
import { WM_HEADERS, basic, sandbox } from './helpers.js'

type Headers = Record<string, string>

/** Headers carrying a demo credential of each API, by the spec's `x-sandbox.id`, then by security scheme. */
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

async function token (s: TestSandbox, url: string, client: string, secret: string, extra: string): Promise<string> {
  const res = await s.inject({ method: 'POST', url, payload: `grant_type=client_credentials${extra}`, headers: { authorization: basic(client, secret), 'content-type': 'application/x-www-form-urlencoded' } })
  return String(res.json().access_token)
}

/** The headers of the first security requirement of the operation the API has demo credentials for. */
function authFor (requirements: SecurityRequirement[], schemes: Record<string, Headers>): Headers | undefined {
  if (requirements.length === 0) return {}
  for (const requirement of requirements) {
    const names = Object.keys(requirement)
    if (names.every((name) => schemes[name] !== undefined)) return Object.assign({}, ...names.map((name) => schemes[name]))
  }
  return undefined
}

const specs = await loadSpecs(fileURLToPath(new URL('../specs', import.meta.url)))

/** The first example the spec gives a parameter (its own, its schema's, its constant or first enum value). */
function exampleOf (p: ParameterObject & { example?: unknown, examples?: Record<string, { value?: unknown }> }): unknown {
  if (p.example !== undefined) return p.example
  const named = Object.values(p.examples ?? {})[0]
  if (named?.value !== undefined) return named.value
  const schema = p.schema ?? {}
  if (schema.example !== undefined) return schema.example
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0]
  if (schema.const !== undefined) return schema.const
  if (Array.isArray(schema.enum)) return schema.enum[0]
  return schema.default
}

function requestFor (path: string, item: PathItemObject, op: OperationObject): { url: string, headers: Record<string, string>, payload?: string, where: string[] } {
  const params = [...(item.parameters ?? []), ...(op.parameters ?? [])]
  const missing: string[] = []
  let url = path
  const query = new URLSearchParams()
  const headers: Record<string, string> = {}
  for (const p of params) {
    if (p.in !== 'path' && p.required !== true) continue
    const value = exampleOf(p)
    if (value === undefined) { missing.push(`${p.in} ${p.name}`); continue }
    const text = String(value)
    if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(text))
    else if (p.in === 'query') query.append(p.name, text)
    else if (p.in === 'header') headers[p.name.toLowerCase()] = text
  }
  // The body: the first documented media type's example, as JSON or as a form.
  const [type, media] = Object.entries(op.requestBody?.content ?? {})[0] ?? []
  let payload: string | undefined
  if (type !== undefined && media !== undefined) {
    const body = media.example ?? Object.values(media.examples ?? {})[0]?.value
    if (body === undefined) missing.push('request body example')
    else {
      payload = type === 'application/x-www-form-urlencoded' && typeof body === 'object'
        ? new URLSearchParams(body as Record<string, string>).toString()
        : typeof body === 'string' ? body : JSON.stringify(body)
      headers['content-type'] = type
    }
  }
  // As generated clients do: Accept names the media types the responses are documented in.
  const produces = new Set(Object.values(op.responses ?? {}).flatMap((r) => Object.keys(r.content ?? {})))
  if (produces.size > 0) headers.accept ??= [...produces].join(', ')
  const search = query.toString()
  return { url: search === '' ? url : `${url}?${search}`, headers, ...(payload === undefined ? {} : { payload }), where: missing }
}

for (const { file, doc } of specs) {
  const api = doc['x-sandbox']!.id
  t.test(`${file}: every documented status of every operation can be forced`, async (t) => {
    const credential = CREDENTIALS[api]
    if (credential === undefined) { t.fail(`add a demo credential for API "${api}" to CREDENTIALS`); return }
    const s = await sandbox(t)
    const schemes = await credential(s)
    for (const [path, item] of Object.entries(doc.paths ?? {}) as Array<[string, PathItemObject]>) {
      for (const method of HTTP_METHODS) {
        const op = item[method]
        if (op === undefined) continue
        const auth = authFor(op.security ?? doc.security ?? [], schemes)
        if (auth === undefined) { t.fail(`${op.operationId}: no demo credential for its security schemes`); continue }
        const request = requestFor(path, item, op)
        t.same(request.where, [], `${op.operationId}: the spec gives an example for every required input`)
        for (const code of Object.keys(op.responses ?? {}).filter((c) => /^\d{3}$/.test(c))) {
          const res = await s.inject({
            method: method.toUpperCase() as 'GET',
            url: request.url,
            headers: { ...request.headers, ...auth, prefer: `code=${code}` },
            ...(request.payload === undefined ? {} : { payload: request.payload }),
          })
          t.equal(res.statusCode, Number(code), `${op.operationId}: Prefer code=${code} answers ${code}`)
        }
      }
    }
  })
}
