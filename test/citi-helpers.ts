import { randomUUID } from 'node:crypto'
import type { Test } from 'tap'
import { basic, type TestSandbox } from './helpers.js'

export const CLIENT = 'citi-sandbox-client'
export const SECRET = 'citi-sandbox-secret'
export const CLIENT_2 = 'citi-sandbox-client-2'
export const SECRET_2 = 'citi-sandbox-secret-2'
export const CC_TOKEN_URL = '/clientCredentials/oauth2/token/au/gcb'
export const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

/** A client-credentials access token (scope: every scope of the client unless asked). */
export async function clientToken (t: Test, s: TestSandbox, client = CLIENT, secret = SECRET, scope = '/api'): Promise<string> {
  const res = await s.inject({ method: 'POST', url: CC_TOKEN_URL, headers: { authorization: basic(client, secret), ...FORM }, payload: `grant_type=client_credentials&scope=${encodeURIComponent(scope)}` })
  t.equal(res.statusCode, 200, 'token issued')
  return res.json().access_token as string
}

/** The four headers every Citi call needs. */
export function citiHeaders (token: string, client = CLIENT): Record<string, string> {
  return { authorization: `Bearer ${token}`, client_id: client, uuid: randomUUID(), accept: 'application/json' }
}

/** A sandbox caller of one client: a token, and requests with all four headers. */
export async function citiCaller (t: Test, s: TestSandbox, client = CLIENT, secret = SECRET) {
  const token = await clientToken(t, s, client, secret)
  return {
    token,
    get: (url: string) => s.inject({ url, headers: citiHeaders(token, client) }),
    send: (method: 'PUT' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
      s.inject({ method, url, headers: citiHeaders(token, client), ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) }),
  }
}
