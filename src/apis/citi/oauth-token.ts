import type { FastifyRequest } from 'fastify'
import { accessTokenResponse, grantOf, type TokenResponse } from '../../auth/client-credentials.js'
import type { ClientRegistry, OAuthClient } from '../../auth/clients.js'
import type { Grant, Maybe, TokenKeeper } from '../../auth/tokens.js'
import type { HandlerFactory } from '../../engine/handler-types.js'
import { Problem } from '../../engine/problems.js'
import { lifetimesOf, type Lifetimes } from './lifetimes.js'
import { grantedScopes } from './scopes.js'

interface TokenForm { grant_type: string, scope?: string, code?: string, redirect_uri?: string, refresh_token?: string }

/** One grant's own steps, once the client is authenticated and the grant_type is the endpoint's. */
type GrantSteps = (form: TokenForm, client: OAuthClient, tokens: TokenKeeper, lifetimes: Lifetimes) => Maybe<TokenResponse>

function invalidGrant (message: string, name: string): Problem {
  return new Problem('business-rule', message, { field: { in: 'body', name }, code: 'invalid_grant' })
}

/** The client the request's Basic credentials authenticated. */
function clientOf (request: FastifyRequest, clients: ClientRegistry): OAuthClient {
  const client = clients.get(request.identity?.clientId ?? '')
  if (client === undefined) throw new Problem('bad-credentials', 'the Basic credentials are not those of a registered OAuth client', { field: { in: 'header', name: 'Authorization' } })
  return client
}

/** A token endpoint of one grant type: lifetimes read at boot; per request the client, then the grant_type, then the grant's steps. */
function tokenEndpoint (grantType: string, steps: GrantSteps): HandlerFactory {
  return ({ row, auth }) => {
    const lifetimes = lifetimesOf(row)
    return (request) => {
      const client = clientOf(request, auth.clients)
      const form = request.body as TokenForm
      if (form.grant_type !== grantType) {
        throw new Problem('business-rule', `grant_type must be ${grantType} on this endpoint, not "${form.grant_type}"`, { field: { in: 'body', name: 'grant_type' }, code: 'unsupported_grant_type' })
      }
      return steps(form, client, auth.tokens, lifetimes)
    }
  }
}

/** An access and a rotating refresh token acting for a grant's customer. */
async function withRefresh (tokens: TokenKeeper, grant: Grant, lifetimes: Lifetimes): Promise<TokenResponse> {
  // Only who and what: a code's extras (its redirect_uri) do not travel on.
  const rest = grantOf(grant, grant.scopes)
  const access = await accessTokenResponse(tokens, rest, lifetimes.access)
  return { ...access, refresh_token: (await tokens.issue('refresh', rest, lifetimes.refresh)).value, refresh_token_expires_in: lifetimes.refresh }
}

/** POST /clientCredentials/oauth2/token/au/gcb: a token acting for the client's default demo customer. */
export const clientCredentialsToken = tokenEndpoint('client_credentials', (form, client, tokens, lifetimes) =>
  accessTokenResponse(tokens, grantOf(client, grantedScopes(client, form.scope, { in: 'body', name: 'scope' })), lifetimes.access))

/** POST /authCode/oauth2/token/au/gcb: a single-use code for the customer who logged in → access and refresh tokens. */
export const authorizationCodeToken = tokenEndpoint('authorization_code', async (form, client, tokens, lifetimes) => {
  const found = await tokens.consume('code', form.code ?? '')
  if (found.status === 'unknown') throw invalidGrant('the authorization code is unknown or already used', 'code')
  if (found.status === 'expired') {
    // The lifetime the code was issued with (the login operation's, which may be configured).
    const seconds = Math.round((found.token.expiresAt - found.token.issuedAt) / 1000)
    throw invalidGrant(`the authorization code has expired; codes live ${seconds} seconds`, 'code')
  }
  const { token } = found
  if (token.clientId !== client.clientId) throw invalidGrant('the authorization code was issued to another client', 'code')
  if (token.extra?.redirectUri !== form.redirect_uri) throw invalidGrant('redirect_uri is not the one the code was requested with', 'redirect_uri')
  return withRefresh(tokens, token, lifetimes)
})

/** POST /authCode/oauth2/refresh: a new access token; the refresh token rotates. */
export const refreshToken = tokenEndpoint('refresh_token', async (form, client, tokens, lifetimes) => {
  const value = form.refresh_token ?? ''
  const found = await tokens.find('refresh', value)
  if (found.status === 'unknown' || found.token.clientId !== client.clientId) throw invalidGrant('the refresh token is unknown, revoked or another client\'s', 'refresh_token')
  if (found.status === 'expired') throw invalidGrant('the refresh token has expired; sign the customer in again', 'refresh_token')
  // Single use: of two refreshes racing with one token, only the one that removed it goes on.
  if (!(await tokens.revoke(value))) throw invalidGrant('the refresh token is unknown, revoked or another client\'s', 'refresh_token')
  return withRefresh(tokens, found.token, lifetimes)
})

/** POST /authCode/oauth2/revoke: the client's own access or refresh token stops working (RFC 7009: 200 whatever the token). */
export const revokeToken: HandlerFactory = ({ auth }) => async (request) => {
  const client = clientOf(request, auth.clients)
  const { token, token_type_hint: hint } = request.body as { token: string, token_type_hint?: string }
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
