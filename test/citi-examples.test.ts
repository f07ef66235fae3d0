import { join } from 'node:path'
import t from 'tap'
import { loadSpec } from '../src/spec/load.js'
import { defaultOptions } from '../src/server.js'
import type { OperationObject } from '../src/spec/types.js'
import { basic, sandbox } from './helpers.js'
import { CLIENT, FORM, SECRET, citiHeaders, clientToken } from './citi-helpers.js'

interface Example { path: string, method: 'GET' | 'PUT' | 'POST' | 'DELETE', operation: OperationObject, type: string, value: Record<string, string> }

async function requestExamples (): Promise<Example[]> {
  const { doc } = await loadSpec(join(defaultOptions.specsDir, 'citi-au-customers.yaml'))
  const out: Example[] = []
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of ['get', 'put', 'post', 'delete'] as const) {
      const operation = item[method]
      for (const [type, media] of Object.entries(operation?.requestBody?.content ?? {})) {
        for (const example of Object.values(media.examples ?? {})) out.push({ path, method: method.toUpperCase() as Example['method'], operation: operation!, type, value: example.value as Record<string, string> })
      }
    }
  }
  return out
}

// Values only a previous step can give: a fresh controlFlowId, authorization code or refresh token.
const FROM_A_PREVIOUS_STEP = new Set(['controlFlowId', 'code', 'refresh_token'])

t.test('every request body example of the spec works against the sandbox', async (t) => {
  const s = await sandbox(t)
  const token = await clientToken(t, s)
  const examples = await requestExamples()
  t.ok(examples.length >= 13, `${examples.length} examples`)
  // The sign-in form's login_token comes from the page the authorize call shows.
  const page = await s.inject({ url: '/authCode/oauth2/authorize?response_type=code&client_id=citi-sandbox-client&scope=customers_profiles&redirect_uri=http%3A%2F%2F127.0.0.1%3A3000%2Fcallback&state=xyz' })
  const steps: Record<string, string> = { login_token: /name="login_token" value="([^"]+)"/.exec(page.body)?.[1] ?? '' }
  const send = async ({ path, method, operation, type }: Example, body: Record<string, string>) => {
    const oauth = operation['x-sandbox-dialect'] === 'oauth2'
    const headers = oauth ? { authorization: basic(CLIENT, SECRET) } : citiHeaders(token)
    const payload = type === 'application/json' ? JSON.stringify(body) : new URLSearchParams(body).toString()
    return s.inject({ method, url: path, headers: { ...headers, 'content-type': type === 'application/json' ? 'application/json' : FORM['content-type'] }, payload })
  }
  // The steps that make the fresh values come first (a PUT before its confirmation, the login before the code exchange),
  // and the refresh after the code exchange that makes its token.
  const order = (e: Example) => (Object.keys(e.value).some((k) => FROM_A_PREVIOUS_STEP.has(k)) ? 2 : 0) + (e.path.endsWith('/refresh') ? 1 : 0)
  for (const example of [...examples].sort((a, b) => order(a) - order(b))) {
    const body = { ...example.value }
    if (body.login_token !== undefined) body.login_token = steps.login_token!
    for (const key of Object.keys(body)) {
      if (FROM_A_PREVIOUS_STEP.has(key)) body[key] = steps[`${key}:${example.path.replace(/\/confirmation$/, '')}`] ?? steps[key] ?? body[key]!
    }
    const res = await send(example, body)
    t.ok(res.statusCode >= 200 && res.statusCode < 400, `${example.method} ${example.path} → ${res.statusCode} ${res.body.slice(0, 200)}`)
    if (res.headers.location !== undefined) steps.code = new URL(String(res.headers.location)).searchParams.get('code') ?? ''
    const json = String(res.headers['content-type']).startsWith('application/json') && res.body !== '' ? res.json() : {}
    if (json.controlFlowId !== undefined) steps[`controlFlowId:${example.path}`] = json.controlFlowId
    if (json.refresh_token !== undefined) steps.refresh_token = json.refresh_token
  }
})
