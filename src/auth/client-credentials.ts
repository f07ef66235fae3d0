import type { Grant, IssuedToken, Maybe, TokenKeeper } from './tokens.js'

/** RFC 6749 §5.1's successful token response; grants that also issue a refresh token add its fields. */
export interface TokenResponse {
  access_token: string
  token_type: 'bearer'
  expires_in: number
  scope: string
  [field: string]: unknown
}

/**
 * Who and what a token stands for: the client, its tenant, the customer it acts for (an OAuth
 * client's default one, or a grant's) and the granted scopes; nothing else travels on.
 */
export function grantOf (holder: Pick<Grant, 'clientId' | 'tenant' | 'subject'>, scopes: string[]): Grant {
  return { clientId: holder.clientId, tenant: holder.tenant, scopes, ...(holder.subject === undefined ? {} : { subject: holder.subject }) }
}

/** Issues an access token for the grant and answers it as a token response. */
export function accessTokenResponse (tokens: TokenKeeper, grant: Grant, lifetimeSeconds: number): Maybe<TokenResponse> {
  const answer = (token: IssuedToken): TokenResponse => ({ access_token: token.value, token_type: 'bearer', expires_in: lifetimeSeconds, scope: grant.scopes.join(' ') })
  // A shared engine keeps the token before it is given out.
  const token = tokens.issue('access', grant, lifetimeSeconds)
  return token instanceof Promise ? token.then(answer) : answer(token)
}
