// Every documented status of every operation of every spec can be forced with `Prefer: code=`,
// and the answer validates against the spec for that status (the sandbox runs in contract
// mode). The requests are built from the specs' own examples, so a new API needs only a row in
// CREDENTIALS: the test fails, naming the API, until it has one.
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { loadSpecs } from '../src/spec/load.js'
import { HTTP_METHODS, type OperationObject, type ParameterObject, type PathItemObject } from '../src/spec/types.js'
import type { TestSandbox } from './helpers.js'
import { WM_HEADERS, basic, sandbox } from './helpers.js'

/** Headers carrying a demo credential of each API, by the spec's `x-sandbox.id`. */
const CREDENTIALS: Record<string, (s: TestSandbox) => Promise<Record<string, string>>> = {
  wm: async () => ({ authorization: WM_HEADERS.authorization }),
  imiconnect: async () => ({ key: 'imi-sandbox-key' }),
  simpro: async () => ({ authorization: 'Bearer simpro-sandbox-token' }),
  asseco: async (s) => {
    const res = await s.inject({ method: 'POST', url: '/v1/authentication/connect/token', payload: 'grant_type=client_credentials', headers: { authorization: basic('asseco-sandbox-client', 'asseco-sandbox-secret'), 'content-type': 'application/x-www-form-urlencoded' } })
    return { authorization: `Bearer ${String(res.json().access_token)}` }
  },
}

const specs = await loadSpecs(fileURLToPath(new URL('../specs', import.meta.url)))

/** The first example the spec gives a parameter (its own, its schema's, or the first enum value). */
function exampleOf (p: ParameterObject & { example?: unknown, examples?: Record<string, { value?: unknown }> }): unknown {
  if (p.example !== undefined) return p.example
  const named = Object.values(p.examples ?? {})[0]
  if (named?.value !== undefined) return named.value
  const schema = p.schema ?? {}
  if (schema.example !== undefined) return schema.example
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0]
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
  const search = query.toString()
  return { url: search === '' ? url : `${url}?${search}`, headers, ...(payload === undefined ? {} : { payload }), where: missing }
}

for (const { file, doc } of specs) {
  const api = (doc['x-sandbox'] as { id: string }).id
  t.test(`${file}: every documented status of every operation can be forced`, async (t) => {
    const credential = CREDENTIALS[api]
    if (credential === undefined) { t.fail(`add a demo credential for API "${api}" to CREDENTIALS`); return }
    const s = await sandbox(t)
    const auth = await credential(s)
    for (const [path, item] of Object.entries(doc.paths ?? {}) as Array<[string, PathItemObject]>) {
      for (const method of HTTP_METHODS) {
        const op = item[method]
        if (op === undefined) continue
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
