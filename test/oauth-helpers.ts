import { createHash, randomBytes } from 'node:crypto'
import type { Test } from 'tap'
import { basic, type TestSandbox } from './helpers.js'
import { CLIENT, FORM, SECRET } from './citi-helpers.js'

export const REDIRECT = 'http://127.0.0.1:3000/callback'
export const AUTHORIZE = '/authCode/oauth2/authorize'
export const TOKEN = '/authCode/oauth2/token/au/gcb'
export const PUBLIC_CLIENT = 'citi-sandbox-public'
export const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString()
export const AUTH_REQUEST = { response_type: 'code', client_id: CLIENT, scope: 'customers_profiles customers_alerts', redirect_uri: REDIRECT, state: 'xyz' }

/** A PKCE verifier and its S256 challenge (RFC 7636 §4.1, §4.2). */
export function pkcePair (): { verifier: string, challenge: string } {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

/** The login_token a sign-in page carries. */
export function loginTokenOf (page: string): string {
  const match = /<input type="hidden" name="login_token" value="([^"]+)">/.exec(page)
  if (match?.[1] === undefined) throw new Error(`no login_token on the page: ${page.slice(0, 200)}`)
  return match[1]
}

/** Opens the sign-in page for an authorize request; answers its login_token. */
export async function openPage (t: Test, s: TestSandbox, request: Record<string, string> = AUTH_REQUEST): Promise<string> {
  const page = await s.inject({ url: `${AUTHORIZE}?${form(request)}` })
  t.equal(page.statusCode, 200, 'the sign-in page')
  return loginTokenOf(page.body)
}

/** Posts the sign-in form of a page. */
export function postLogin (s: TestSandbox, fields: Record<string, string>) {
  return s.inject({ method: 'POST', url: AUTHORIZE, headers: FORM, payload: form(fields) })
}

/** Opens the page, signs a demo customer in and answers the redirect's query. */
export async function signIn (t: Test, s: TestSandbox, request: Record<string, string> = AUTH_REQUEST, user = 'SandboxUser2', password = 'P@ssUser2$', extra: Record<string, string> = {}): Promise<URLSearchParams> {
  const loginToken = await openPage(t, s, request)
  const res = await postLogin(s, { login_token: loginToken, username: user, password, ...extra })
  t.equal(res.statusCode, 302, 'redirected back to the client')
  const location = new URL(String(res.headers.location))
  t.equal(`${location.origin}${location.pathname}`, request.redirect_uri, 'to the redirect_uri of the request')
  return location.searchParams
}

/** Exchanges a code at the token endpoint, as a confidential client (Basic) or a public one (client_id in the form). */
export function exchange (s: TestSandbox, code: string, options: { client?: string, secret?: string, redirect?: string, verifier?: string, public?: boolean } = {}) {
  const client = options.client ?? CLIENT
  const fields: Record<string, string> = { grant_type: 'authorization_code', code, redirect_uri: options.redirect ?? REDIRECT }
  if (options.verifier !== undefined) fields.code_verifier = options.verifier
  const headers: Record<string, string> = { ...FORM }
  if (options.public === true) fields.client_id = client
  else headers.authorization = basic(client, options.secret ?? SECRET)
  return s.inject({ method: 'POST', url: TOKEN, headers, payload: form(fields) })
}
