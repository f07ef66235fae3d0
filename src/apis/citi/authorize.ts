import type { FastifyReply } from 'fastify'
import type { OAuthClient } from '../../auth/clients.js'
import { digest, matchesDigest } from '../../auth/constant-time.js'
import type { ApiAuth, HandlerFactory } from '../../engine/handler-types.js'
import { Problem } from '../../engine/problems.js'
import { lifetimesOf } from './lifetimes.js'
import { loginPage } from './login-page.js'
import { grantedScopes } from './scopes.js'

interface AuthorizeFields { client_id: string, scope: string, redirect_uri: string, state?: string, [field: string]: unknown }
interface LoginForm extends AuthorizeFields { username: string, password: string, consent?: 'allow' | 'deny' }
interface Login { password: string, customerId: string }

// The fields of the authorize request that the login form carries through.
const CARRIED = ['response_type', 'client_id', 'scope', 'redirect_uri', 'state', 'countryCode', 'businessCode', 'locale']

/** The client and scopes an authorize request names; problems are answered on the page, never redirected. */
function checkRequest (auth: ApiAuth, fields: AuthorizeFields, where: 'query' | 'body'): { client: OAuthClient, scopes: string[] } {
  const client = auth.clients.get(fields.client_id)
  if (client === undefined) {
    throw new Problem('invalid-parameter', `client_id '${fields.client_id}' is not a registered sandbox client`, { field: { in: where, name: 'client_id' }, code: 'unauthorized_client' })
  }
  return { client, scopes: grantedScopes(client, fields.scope, { in: where, name: 'scope' }) }
}

function carried (fields: AuthorizeFields): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of CARRIED) if (typeof fields[name] === 'string') out[name] = fields[name]
  return out
}

function html (reply: FastifyReply, page: string): string {
  reply.type('text/html; charset=utf-8')
  return page
}

function redirect (reply: FastifyReply, uri: string, params: Record<string, string | undefined>): FastifyReply {
  const url = new URL(uri)
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value)
  return reply.redirect(url.toString(), 302)
}

/** GET /authCode/oauth2/authorize: the login and consent page. */
export const authorizePage: HandlerFactory = ({ auth }) => (request, reply) => {
  const query = request.query as AuthorizeFields
  const { client, scopes } = checkRequest(auth, query, 'query')
  return html(reply, loginPage({ clientId: client.clientId, scopes, fields: carried(query) }))
}

/** POST /authCode/oauth2/authorize: a demo customer signs in; back to the client with a single-use code. */
export const authorizeLogin: HandlerFactory = ({ row, auth }) => {
  const { code: lifetime } = lifetimesOf(row)
  return (request, reply, data) => {
    const form = request.body as LoginForm
    const { client, scopes } = checkRequest(auth, form, 'body')
    if (form.consent === 'deny') return redirect(reply, form.redirect_uri, { error: 'access_denied', error_description: 'the customer denied access', state: form.state })
    const login = data.get('logins', form.username) as Login | undefined
    if (login === undefined || !matchesDigest(form.password, digest(login.password))) {
      return html(reply, loginPage({ clientId: client.clientId, scopes, fields: carried(form), error: 'The username or password is wrong. Try again.' }))
    }
    const code = auth.tokens.issue('code', { clientId: client.clientId, tenant: client.tenant, subject: login.customerId, scopes, extra: { redirectUri: form.redirect_uri } }, lifetime)
    // A shared engine keeps the code before the redirect gives it out.
    if (code instanceof Promise) return code.then((kept) => redirect(reply, form.redirect_uri, { code: kept.value, state: form.state }))
    return redirect(reply, form.redirect_uri, { code: code.value, state: form.state })
  }
}
