import type { OAuthClient } from '../../auth/clients.js'
import type { Grant, TokenStore } from '../../auth/tokens.js'
import type { FastifyRequest } from 'fastify'
import type { HandlerFactory } from '../../engine/handler-types.js'
import { Problem } from '../../engine/problems.js'
import { lifetimesOf, type Lifetimes } from './lifetimes.js'
import { grantedScopes } from './scopes.js'

interface TokenForm { grant_type: string, scope?: string, code?: string, redirect_uri?: string, refresh_token?: string }

const GRANT_TYPE = { in: 'body' as const, name: 'grant_type' }

function invalidGrant (message: string, name: string): Problem {
  return new Problem('business-rule', message, { field: { in: 'body', name }, code: 'invalid_grant' })
}

/** The client the request's Basic credentials authenticated. */
function clientOf (request: FastifyRequest, find: (id: string) => OAuthClient | undefined): OAuthClient {
  const client = find(request.identity?.clientId ?? '')
  if (client === undefined) throw new Problem('bad-credentials', 'the Basic credentials are not those of a registered OAuth client', { field: { in: 'header', name: 'Authorization' } })
  return client
}

function expectGrant (form: TokenForm, expected: string): void {
  if (form.grant_type !== expected) {
    throw new Problem('business-rule', `grant_type must be ${expected} on this endpoint, not "${form.grant_type}"`, { field: GRANT_TYPE, code: 'unsupported_grant_type' })
  }
}

/** Access token (and, for customer grants, a refresh token) in Citi's token response. */
function issue (tokens: TokenStore, grant: Grant, lifetimes: Lifetimes, withRefresh: boolean): Record<string, unknown> {
  // Only who and what: a code's extras (its redirect_uri) do not travel on.
  const rest: Grant = { clientId: grant.clientId, tenant: grant.tenant, scopes: grant.scopes, ...(grant.subject === undefined ? {} : { subject: grant.subject }) }
  const access = tokens.issue('access', rest, lifetimes.access)
  const body: Record<string, unknown> = { access_token: access.value, token_type: 'bearer', expires_in: lifetimes.access, scope: rest.scopes.join(' ') }
  if (withRefresh) {
    body.refresh_token = tokens.issue('refresh', rest, lifetimes.refresh).value
    body.refresh_token_expires_in = lifetimes.refresh
  }
  return body
}

/** POST /clientCredentials/oauth2/token/au/gcb: a token acting for the client's default demo customer. */
export const clientCredentialsToken: HandlerFactory = ({ row, auth }) => {
  const lifetimes = lifetimesOf(row)
  return (request) => {
    const client = clientOf(request, (id) => auth.clients.get(id))
    const form = request.body as TokenForm
    expectGrant(form, 'client_credentials')
    const scopes = grantedScopes(client, form.scope, { in: 'body', name: 'scope' })
    return issue(auth.tokens, { clientId: client.clientId, tenant: client.tenant, scopes, ...(client.subject === undefined ? {} : { subject: client.subject }) }, lifetimes, false)
  }
}

/** POST /authCode/oauth2/token/au/gcb: a single-use code for the customer who logged in → access and refresh tokens. */
export const authorizationCodeToken: HandlerFactory = ({ row, auth }) => {
  const lifetimes = lifetimesOf(row)
  return (request) => {
    const client = clientOf(request, (id) => auth.clients.get(id))
    const form = request.body as TokenForm
    expectGrant(form, 'authorization_code')
    const found = auth.tokens.consume('code', form.code ?? '')
    if (found.status === 'unknown') throw invalidGrant('the authorization code is unknown or already used', 'code')
    if (found.status === 'expired') throw invalidGrant('the authorization code has expired; codes live 120 seconds', 'code')
    const { token } = found
    if (token.clientId !== client.clientId) throw invalidGrant('the authorization code was issued to another client', 'code')
    if (token.extra?.redirectUri !== form.redirect_uri) throw invalidGrant('redirect_uri is not the one the code was requested with', 'redirect_uri')
    return issue(auth.tokens, token, lifetimes, true)
  }
}

/** POST /authCode/oauth2/refresh: a new access token; the refresh token rotates. */
export const refreshToken: HandlerFactory = ({ row, auth }) => {
  const lifetimes = lifetimesOf(row)
  return (request) => {
    const client = clientOf(request, (id) => auth.clients.get(id))
    const form = request.body as TokenForm
    expectGrant(form, 'refresh_token')
    const value = form.refresh_token ?? ''
    const found = auth.tokens.find('refresh', value)
    if (found.status === 'unknown' || found.token.clientId !== client.clientId) throw invalidGrant('the refresh token is unknown, revoked or another client\'s', 'refresh_token')
    if (found.status === 'expired') throw invalidGrant('the refresh token has expired; sign the customer in again', 'refresh_token')
    auth.tokens.revoke(value)
    return issue(auth.tokens, found.token, lifetimes, true)
  }
}

/** POST /authCode/oauth2/revoke: the client's own access or refresh token stops working (RFC 7009: 200 whatever the token). */
export const revokeToken: HandlerFactory = ({ auth }) => (request) => {
  const client = clientOf(request, (id) => auth.clients.get(id))
  const { token, token_type_hint: hint } = request.body as { token: string, token_type_hint?: string }
  const kinds = hint === 'refresh_token' ? ['refresh', 'access'] as const : ['access', 'refresh'] as const
  for (const kind of kinds) {
    const found = auth.tokens.find(kind, token)
    if (found.status !== 'unknown') {
      if (found.token.clientId === client.clientId) auth.tokens.revoke(token)
      break
    }
  }
  return null
}
