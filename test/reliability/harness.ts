import { readFile } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { buildServer, type SandboxOptions } from '../../src/server.js'
import { testBuildOption } from '../spec-build.js'
import { compileApi, type ApiDef, type RouteRow } from '../../src/spec/compile.js'
import { loadSpecs } from '../../src/spec/load.js'
import { client, type Answer } from './client.js'

export const ADMIN_TOKEN = 'reliability-admin-token'
const root = (folder: string): string => new URL(`../../${folder}/`, import.meta.url).pathname

/** Every API and operation, compiled from the bundled specs as the server compiles them. */
export async function loadApis (): Promise<ApiDef[]> {
  return (await loadSpecs(root('specs'))).map(compileApi)
}

export interface Running {
  app: FastifyInstance
  port: number
  http: ReturnType<typeof client>
}

/** A sandbox listening on 127.0.0.1 (a free port), in memory and silent, closed when the test ends. */
export async function listening (t: Test, overrides: Partial<SandboxOptions> = {}, sockets = 8): Promise<Running> {
  const app = await buildServer({ ...testBuildOption(), inMemory: true, logLevel: 'silent', adminToken: ADMIN_TOKEN, ...overrides })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  const http = client(port, sockets)
  t.teardown(async () => {
    http.close()
    await app.close()
  })
  return { app, port, http }
}

type Credentials = Record<string, Array<Record<string, unknown>>>

/** Authorization headers for each security scheme of each API, from the demo credentials (OAuth tokens issued by the server). */
export async function credentialHeaders (apis: ApiDef[], send: Running['http']['send']): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>()
  for (const api of apis) {
    const file = JSON.parse(await readFile(`${root('fixtures')}${api.id}/credentials.json`, 'utf8')) as Credentials
    const all = Object.values(file).flat()
    for (const [name, scheme] of Object.entries(api.securitySchemes)) {
      const own = file[name]?.[0]
      const key = `${api.id}:${name}`
      if (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'basic') {
        const entry = own ?? all.find((e) => e.clientId !== undefined)
        const user = String(entry?.username ?? entry?.clientId)
        const password = String(entry?.password ?? entry?.clientSecret)
        out.set(key, { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` })
      } else if (scheme.type === 'http') {
        out.set(key, { authorization: `Bearer ${String(own?.token)}` })
      } else if (scheme.type === 'apiKey') {
        out.set(key, { [String(scheme.name).toLowerCase()]: String(own?.key) })
      } else if (scheme.type === 'oauth2') {
        const entry = own ?? all.find((e) => e.clientId !== undefined)!
        const flow = scheme.flows?.clientCredentials as { tokenUrl: string, scopes: Record<string, string> }
        const path = new URL(flow.tokenUrl, 'http://127.0.0.1').pathname
        const scopes = Object.keys(flow.scopes).filter((s) => !s.startsWith('/')).join(' ')
        const answer = await send({
          method: 'POST',
          path,
          headers: { authorization: `Basic ${Buffer.from(`${String(entry.clientId)}:${String(entry.clientSecret)}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
          body: `grant_type=client_credentials&scope=${encodeURIComponent(scopes)}`,
        })
        if (answer.status !== 200) throw new Error(`token for ${key}: ${answer.status} ${answer.text}`)
        const headers: Record<string, string> = { authorization: `Bearer ${(JSON.parse(answer.text) as { access_token: string }).access_token}` }
        const clientHeader = (scheme as unknown as Record<string, unknown>)['x-sandbox-client-header']
        if (typeof clientHeader === 'string') headers[clientHeader.toLowerCase()] = String(entry.clientId)
        out.set(key, headers)
      }
    }
  }
  return out
}

/** The credential headers one operation needs: its first security requirement's schemes. */
export function authFor (row: RouteRow, credentials: Map<string, Record<string, string>>): Record<string, string> {
  const requirement = row.security.find((r) => Object.keys(r).length > 0) ?? {}
  return Object.assign({}, ...Object.keys(requirement).map((name) => credentials.get(`${row.api.id}:${name}`) ?? {})) as Record<string, string>
}

/** Health answers 200 with status ok. */
export async function healthy (send: Running['http']['send']): Promise<boolean> {
  const answer = await send({ method: 'GET', path: '/__sandbox/health' })
  return answer.status === 200 && (JSON.parse(answer.text) as { status: string }).status === 'ok'
}

/** A normal read of each kind a client makes: WM's documented sample (credentials, headers). */
export async function normalRead (send: Running['http']['send']): Promise<Answer> {
  return send({
    method: 'GET',
    path: '/api/v1/customers/104127993008/profiles',
    headers: { 'request-tracking-id': '12345', authorization: 'Basic b2NzdXNlcjpvY3N1c2Vy', profileid: 'eBiz_215' },
  })
}

/** What no answer body may hold: a stack frame, a source file path, a framework's default envelope. */
export const LEAKS = /\n\s+at |\bat [\w.<>]+ \(|node_modules|\/src\/|\/dist\/|\.ts:\d+|\.js:\d+|"statusCode":\s*\d|FST_ERR/
