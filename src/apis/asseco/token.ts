import type { FastifyRequest } from 'fastify'
import { accessTokenResponse, grantOf } from '../../auth/client-credentials.js'
import { parseBasic } from '../../auth/basic-header.js'
import type { OAuthClient } from '../../auth/clients.js'
import { Problem } from '../../engine/problems.js'
import type { HandlerFactory } from '../../engine/handler-types.js'

interface TokenForm { grant_type?: string, client_id?: string, client_secret?: string, scope?: string }

/** Access tokens live an hour. */
const LIFETIME_SECONDS = 3600
const AUTHORIZATION = { in: 'header' as const, name: 'Authorization' }

/** The client id and secret of a request: HTTP Basic, or the form fields (RFC 6749 §2.3.1), never both. */
function clientCredentials (request: FastifyRequest, form: TokenForm): { id: string, secret: string } {
  const header = request.headers.authorization
  const inForm = form.client_id !== undefined || form.client_secret !== undefined
  if (header !== undefined && header !== '') {
    const basic = parseBasic(header)
    if (basic === undefined) {
      throw new Problem('bad-credentials', 'Authorization header must be "Basic <base64 of client_id:client_secret>"', { field: AUTHORIZATION })
    }
    if (inForm) {
      throw new Problem('invalid-body', 'send the client credentials either as HTTP Basic or as form fields, not both', { field: { in: 'body', name: '/client_id' } })
    }
    return { id: basic.user, secret: basic.password }
  }
  if (!inForm) {
    throw new Problem('missing-credentials', 'client credentials are required: HTTP Basic, or the form fields client_id and client_secret', { field: AUTHORIZATION })
  }
  return { id: form.client_id ?? '', secret: form.client_secret ?? '' }
}

function grantedScopes (client: OAuthClient, requested: string | undefined): string[] {
  const allowed = client.scopes ?? []
  const asked = (requested ?? '').split(' ').filter((s) => s !== '')
  if (asked.length === 0) return allowed
  const unknown = asked.filter((s) => !allowed.includes(s))
  if (unknown.length > 0) {
    throw new Problem('invalid-body', `scope ${unknown.join(' ')} is not granted to this client; allowed: ${allowed.join(' ') || 'none'}`, {
      field: { in: 'body', name: '/scope' }, code: 'invalid_scope',
    })
  }
  return asked
}

/** POST /v1/authentication/connect/token: the client credentials grant, answering a bearer token. */
export const requestToken: HandlerFactory = ({ auth }) => (request, reply) => {
  const form = request.body as TokenForm
  if (form.grant_type !== 'client_credentials') {
    throw new Problem('invalid-body', `grant_type '${String(form.grant_type)}' is not supported; use client_credentials`, {
      field: { in: 'body', name: '/grant_type' }, code: 'unsupported_grant_type',
    })
  }
  const { id, secret } = clientCredentials(request, form)
  const client = auth.clients.verify(id, secret)
  if (client === undefined) {
    throw new Problem('bad-credentials', 'client id and secret are not a registered sandbox client', { field: AUTHORIZATION })
  }
  const grant = grantOf(client, grantedScopes(client, form.scope))
  reply.header('cache-control', 'no-store')
  return accessTokenResponse(auth.tokens, grant, LIFETIME_SECONDS)
}
