import type { FastifyReply, FastifyRequest } from 'fastify'
import type { OAuthClient } from '../../auth/clients.js'
import { digest, matchesDigest } from '../../auth/constant-time.js'
import { offeredPkceMethods, requestedChallenge, type PkceChallenge, type PkceMethod } from '../../auth/pkce.js'
import { requestOrigin } from '../../auth/redirect-uris.js'
import type { ApiAuth, HandlerFactory } from '../../engine/handler-types.js'
import { Problem } from '../../engine/problems.js'
import { lifetimesOf } from './lifetimes.js'
import { errorPage, loginPage } from './login-page.js'
import { grantedScopes } from './scopes.js'

interface AuthorizeQuery { client_id: string, scope: string, redirect_uri: string, state?: string, code_challenge?: string, code_challenge_method?: string }
interface LoginForm { login_token: string, username: string, password: string, consent?: 'allow' | 'deny' }
interface Login { password: string, customerId: string }

/** The authorization request a sign-in page shows, kept under the page's anti-forgery token. */
interface Pending { clientId: string, redirectUri: string, scopes: string[], state?: string, pkce?: PkceChallenge }

// A page's token is kept under its own holder, so that loading sign-in pages never evicts a client's real tokens.
const PAGE_HOLDER = 'sign-in page of '

/** Why a sign-in form is refused: it was not posted from a page the sandbox gave out (a forgery), or the page is too old. */
function refused (status: 'unknown' | 'expired', lifetime: number): Problem {
  const message = status === 'expired'
    ? `the sign-in page has expired (pages live ${Math.round(lifetime / 60)} minutes); start again from the client`
    : 'login_token is not one a sign-in page of this sandbox gave out: a sign-in is only accepted from the page itself'
  return new Problem('invalid-parameter', message, { field: { in: 'body', name: 'login_token' }, code: 'invalid_request' })
}

/** The client and redirect_uri of an authorize request; problems with either are answered here, never redirected (RFC 6749 §4.1.2.1). */
function clientAndRedirect (auth: ApiAuth, query: AuthorizeQuery, origin: string): OAuthClient {
  const client = auth.clients.get(query.client_id)
  if (client === undefined) {
    throw new Problem('invalid-parameter', `client_id '${query.client_id}' is not a registered sandbox client`, { field: { in: 'query', name: 'client_id' }, code: 'unauthorized_client' })
  }
  if (!client.redirectUris.matches(query.redirect_uri, origin)) {
    throw new Problem('invalid-parameter', `redirect_uri '${query.redirect_uri}' is not registered for client ${client.clientId}; the sandbox redirects only to a client's registered URIs`, { field: { in: 'query', name: 'redirect_uri' }, code: 'invalid_request' })
  }
  return client
}

function html (reply: FastifyReply, page: string): string {
  // The page holds a live anti-forgery token: never cached, never framed (clickjacking), never leaked in a Referer.
  reply.type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-frame-options', 'DENY')
    .header('content-security-policy', "frame-ancestors 'none'")
    .header('referrer-policy', 'no-referrer')
  return page
}

/**
 * A problem that must not go back to the client: a browser (Accept naming text/html) is shown an
 * error page; any other caller gets RFC 6749's JSON shape through the dialect.
 */
function answerHere (request: FastifyRequest, reply: FastifyReply, err: unknown): string {
  if (!(err instanceof Problem) || !/\btext\/html\b/i.test(request.headers.accept ?? '')) throw err
  reply.code(400)
  return html(reply, errorPage({ error: err.code ?? 'invalid_request', description: err.message }))
}

/** Back to the client: its registered redirect_uri with the given parameters (state exactly as it came). */
function redirect (reply: FastifyReply, uri: string, params: Record<string, string | undefined>): FastifyReply {
  const url = new URL(uri)
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value)
  return reply.header('cache-control', 'no-store').redirect(url.toString(), 302)
}

/**
 * GET /authCode/oauth2/authorize: the sign-in and consent page. An unknown client or an
 * unregistered redirect_uri is answered on the page; other problems go back to the client's
 * redirect_uri with `error` and `state` (RFC 6749 §4.1.2.1). The page carries a fresh
 * anti-forgery token standing for this very request (client, redirect_uri, scopes, state, PKCE).
 */
export const authorizePage: HandlerFactory = ({ row, auth }) => {
  const { login: lifetime } = lifetimesOf(row)
  const offered: PkceMethod[] = offeredPkceMethods(row.operation, `spec ${row.api.spec.file}: ${row.operationId}`)
  return async (request, reply) => {
    const query = request.query as AuthorizeQuery
    let client: OAuthClient
    try {
      client = clientAndRedirect(auth, query, requestOrigin(request))
    } catch (err) {
      return answerHere(request, reply, err)
    }
    let scopes: string[]
    let pkce: PkceChallenge | undefined
    try {
      scopes = grantedScopes(client, query.scope, { in: 'query', name: 'scope' })
      pkce = requestedChallenge(client, offered, query.code_challenge, query.code_challenge_method)
    } catch (err) {
      if (!(err instanceof Problem)) throw err
      return redirect(reply, query.redirect_uri, { error: err.code ?? 'invalid_request', error_description: err.message, state: query.state })
    }
    const pending: Pending = { clientId: client.clientId, redirectUri: query.redirect_uri, scopes }
    if (query.state !== undefined) pending.state = query.state
    if (pkce !== undefined) pending.pkce = pkce
    const page = await auth.tokens.issue('login', { clientId: PAGE_HOLDER + client.clientId, tenant: client.tenant, scopes, extra: { ...pending } }, lifetime)
    return html(reply, loginPage({ clientId: client.clientId, scopes, fields: { login_token: page.value } }))
  }
}

/**
 * POST /authCode/oauth2/authorize: a demo customer signs in on the page; back to the client with
 * a single-use code. Only a form carrying a live token of a page the sandbox gave out is heard.
 */
export const authorizeLogin: HandlerFactory = ({ row, auth }) => {
  const { code: lifetime } = lifetimesOf(row)
  return async (request, reply, data) => {
    const form = request.body as LoginForm
    const found = await auth.tokens.find('login', form.login_token)
    if (found.status !== 'valid') return answerHere(request, reply, refused(found.status, found.status === 'expired' ? (found.token.expiresAt - found.token.issuedAt) / 1000 : 0))
    const pending = found.token.extra as unknown as Pending
    const client = auth.clients.get(pending.clientId)
    if (client === undefined) return answerHere(request, reply, refused('unknown', 0))
    const login = form.consent === 'deny' ? undefined : data.get('logins', form.username) as Login | undefined
    if (form.consent !== 'deny' && (login === undefined || !matchesDigest(form.password, digest(login.password)))) {
      return html(reply, loginPage({ clientId: client.clientId, scopes: pending.scopes, fields: { login_token: form.login_token }, error: 'The username or password is wrong. Try again.' }))
    }
    // A page signs in once: of two posts of one page, only the one that took its token goes on.
    if ((await auth.tokens.consume('login', form.login_token)).status !== 'valid') return answerHere(request, reply, refused('unknown', 0))
    if (login === undefined) return redirect(reply, pending.redirectUri, { error: 'access_denied', error_description: 'the customer denied access', state: pending.state })
    const extra: Record<string, unknown> = { redirectUri: pending.redirectUri }
    if (pending.pkce !== undefined) extra.pkce = pending.pkce
    const code = await auth.tokens.issue('code', { clientId: client.clientId, tenant: client.tenant, subject: login.customerId, scopes: pending.scopes, extra }, lifetime)
    return redirect(reply, pending.redirectUri, { code: code.value, state: pending.state })
  }
}
