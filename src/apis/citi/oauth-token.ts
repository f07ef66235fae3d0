import type { FastifyRequest } from 'fastify'
import { accessTokenResponse, grantOf, type TokenResponse } from '../../auth/client-credentials.js'
import type { ClientRegistry, OAuthClient } from '../../auth/clients.js'
import { verifies, wellFormed, type PkceChallenge } from '../../auth/pkce.js'
import { codeFamily, spentCodesOf } from '../../auth/spent-codes.js'
import type { Grant, Maybe, TokenKeeper } from '../../auth/tokens.js'
import type { HandlerFactory } from '../../engine/handler-types.js'
import { Problem } from '../../engine/problems.js'
import { lifetimesOf, type Lifetimes } from './lifetimes.js'
import { grantedScopes } from './scopes.js'

interface TokenForm { grant_type: string, scope?: string, code?: string, redirect_uri?: string, refresh_token?: string, client_id?: string, code_verifier?: string }

/** One grant's own steps, once the client is authenticated and the grant_type is the endpoint's. */
type GrantSteps = (form: TokenForm, client: OAuthClient, tokens: TokenKeeper, lifetimes: Lifetimes) => Maybe<TokenResponse>

function invalidGrant (message: string, name: string): Problem {
  return new Problem('business-rule', message, { field: { in: 'body', name }, code: 'invalid_grant' })
}

const AUTHORIZATION = { in: 'header' as const, name: 'Authorization' }

/**
 * The client of a token request: the one its Basic credentials authenticated, or (where the
 * operation makes them optional) a public client naming itself with the form's client_id.
 */
function clientOf (request: FastifyRequest, clients: ClientRegistry, form: { client_id?: string }): OAuthClient {
  const id = request.identity?.clientId
  if (id !== undefined) {
    const client = clients.get(id)
    if (client === undefined) throw new Problem('bad-credentials', 'the Basic credentials are not those of a registered OAuth client', { field: AUTHORIZATION })
    if (form.client_id !== undefined && form.client_id !== id) {
      throw new Problem('invalid-body', `client_id '${form.client_id}' is not the client the Basic credentials authenticate`, { field: { in: 'body', name: 'client_id' }, code: 'invalid_request' })
    }
    return client
  }
  const named = form.client_id === undefined ? undefined : clients.get(form.client_id)
  if (named?.public === true) return named
  throw new Problem('missing-credentials', named === undefined
    ? "header 'Authorization' is required: Basic base64(client_id:client_secret), or a public client's client_id in the form"
    : `client ${named.clientId} is confidential: authenticate with Authorization: Basic base64(client_id:client_secret)`, { field: AUTHORIZATION })
}

/** RFC 7636 §4.6: a code requested with a challenge needs the verifier; one requested without takes none. */
function checkVerifier (pkce: PkceChallenge | undefined, verifier: string | undefined, client: OAuthClient): void {
  if (pkce === undefined) {
    if (client.public) throw invalidGrant(`the code was requested without PKCE, which public client ${client.clientId} must use`, 'code')
    if (verifier !== undefined) throw invalidGrant('code_verifier was sent, but the code was requested without a code_challenge', 'code_verifier')
    return
  }
  if (verifier === undefined || verifier === '') {
    throw new Problem('missing-parameter', 'code_verifier is required: the code was requested with a code_challenge (PKCE)', { field: { in: 'body', name: 'code_verifier' }, code: 'invalid_request' })
  }
  if (!wellFormed(verifier)) {
    throw new Problem('invalid-parameter', 'code_verifier must be 43 to 128 characters of A-Z, a-z, 0-9, "-", ".", "_" and "~" (RFC 7636 §4.1)', { field: { in: 'body', name: 'code_verifier' }, code: 'invalid_request' })
  }
  if (!verifies(verifier, pkce.challenge, pkce.method)) throw invalidGrant(`code_verifier does not match the code_challenge the code was requested with (${pkce.method})`, 'code_verifier')
}

/** A token endpoint of one grant type: lifetimes read at boot; per request the client, then the grant_type, then the grant's steps. */
function tokenEndpoint (grantType: string, steps: GrantSteps): HandlerFactory {
  return ({ row, auth }) => {
    const lifetimes = lifetimesOf(row)
    return (request, reply) => {
      const form = request.body as TokenForm
      const client = clientOf(request, auth.clients, form)
      // RFC 6749 §5.1: an answer holding tokens is never cached.
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache')
      if (form.grant_type !== grantType) {
        throw new Problem('business-rule', `grant_type must be ${grantType} on this endpoint, not "${form.grant_type}"`, { field: { in: 'body', name: 'grant_type' }, code: 'unsupported_grant_type' })
      }
      return steps(form, client, auth.tokens, lifetimes)
    }
  }
}

/**
 * An access and a rotating refresh token acting for a grant's customer. The refresh token names
 * the code it descends from (`family`), so that a replay of that code reaches its refreshes too.
 */
async function withRefresh (tokens: TokenKeeper, grant: Grant, lifetimes: Lifetimes, family: unknown): Promise<TokenResponse> {
  // Only who and what: a code's extras (its redirect_uri) do not travel on.
  const rest = grantOf(grant, grant.scopes)
  const access = await accessTokenResponse(tokens, rest, lifetimes.access)
  const refresh = await tokens.issue('refresh', typeof family === 'string' ? { ...rest, extra: { family } } : rest, lifetimes.refresh)
  return { ...access, refresh_token: refresh.value, refresh_token_expires_in: lifetimes.refresh }
}

/** POST /clientCredentials/oauth2/token/au/gcb: a token acting for the client's default demo customer. */
export const clientCredentialsToken = tokenEndpoint('client_credentials', (form, client, tokens, lifetimes) =>
  accessTokenResponse(tokens, grantOf(client, grantedScopes(client, form.scope, { in: 'body', name: 'scope' })), lifetimes.access))

/**
 * POST /authCode/oauth2/token/au/gcb: a single-use code for the customer who logged in → access
 * and refresh tokens. The code is spent by its first presentation, whatever the outcome; a code
 * presented again after a successful exchange revokes the tokens that exchange issued.
 */
export const authorizationCodeToken = tokenEndpoint('authorization_code', async (form, client, tokens, lifetimes) => {
  const code = form.code ?? ''
  const found = await tokens.consume('code', code)
  if (found.status === 'unknown') {
    const issued = spentCodesOf(tokens).take(code)
    if (issued === undefined) throw invalidGrant('the authorization code is unknown or already used', 'code')
    for (const value of issued) await tokens.revoke(value)
    throw invalidGrant('the authorization code was already used; the tokens issued for it are revoked', 'code')
  }
  if (found.status === 'expired') {
    // The lifetime the code was issued with (the login operation's, which may be configured).
    const seconds = Math.round((found.token.expiresAt - found.token.issuedAt) / 1000)
    throw invalidGrant(`the authorization code has expired; codes live ${seconds} seconds`, 'code')
  }
  const { token } = found
  if (token.clientId !== client.clientId) throw invalidGrant('the authorization code was issued to another client', 'code')
  if (token.extra?.redirectUri !== form.redirect_uri) throw invalidGrant('redirect_uri is not the one the code was requested with', 'redirect_uri')
  checkVerifier(token.extra?.pkce as PkceChallenge | undefined, form.code_verifier, client)
  const answer = await withRefresh(tokens, token, lifetimes, codeFamily(code))
  spentCodesOf(tokens).remember(code, [answer.access_token, String(answer.refresh_token)], token.expiresAt)
  return answer
})

/** POST /authCode/oauth2/refresh: a new access token; the refresh token rotates. */
export const refreshToken = tokenEndpoint('refresh_token', async (form, client, tokens, lifetimes) => {
  const value = form.refresh_token ?? ''
  const found = await tokens.find('refresh', value)
  if (found.status === 'unknown' || found.token.clientId !== client.clientId) throw invalidGrant('the refresh token is unknown, revoked or another client\'s', 'refresh_token')
  if (found.status === 'expired') throw invalidGrant('the refresh token has expired; sign the customer in again', 'refresh_token')
  // Single use: of two refreshes racing with one token, only the one that removed it goes on.
  if (!(await tokens.revoke(value))) throw invalidGrant('the refresh token is unknown, revoked or another client\'s', 'refresh_token')
  const family = found.token.extra?.family
  const answer = await withRefresh(tokens, found.token, lifetimes, family)
  if (typeof family === 'string') spentCodesOf(tokens).extend(family, [answer.access_token, String(answer.refresh_token)])
  return answer
})

/** POST /authCode/oauth2/revoke: the client's own access or refresh token stops working (RFC 7009: 200 whatever the token). */
export const revokeToken: HandlerFactory = ({ auth }) => async (request) => {
  const body = request.body as { token: string, token_type_hint?: string, client_id?: string }
  const client = clientOf(request, auth.clients, body)
  const { token, token_type_hint: hint } = body
  const kinds = hint === 'refresh_token' ? ['refresh', 'access'] as const : ['access', 'refresh'] as const
  for (const kind of kinds) {
    const found = await auth.tokens.find(kind, token)
    if (found.status !== 'unknown') {
      if (found.token.clientId === client.clientId) await auth.tokens.revoke(token)
      break
    }
  }
  return null
}
