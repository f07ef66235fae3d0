import type { LightMyRequestResponse } from 'fastify'
import type { Test } from 'tap'
import type { TestSandbox } from './helpers.js'

export const TOKEN_URL = '/v1/authentication/connect/token'
export const CLIENT = { id: 'asseco-sandbox-client', secret: 'asseco-sandbox-secret' }
export const CLIENT_2 = { id: 'asseco-sandbox-client-2', secret: 'asseco-sandbox-secret-2' }
export const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

export const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString()

/** A fresh access token of a demo client (form credentials), as `Authorization` headers. */
export async function bearer (s: TestSandbox, client = CLIENT): Promise<{ authorization: string }> {
  const res = await s.inject({
    method: 'POST', url: TOKEN_URL, headers: FORM,
    payload: form({ grant_type: 'client_credentials', client_id: client.id, client_secret: client.secret }),
  })
  if (res.statusCode !== 200) throw new Error(`token request failed: ${res.statusCode} ${res.body}`)
  return { authorization: `bearer ${res.json().access_token as string}` }
}

export const problem = (name: string, message: string, details: string) => ({ problem: name, message, details })
export const fieldError = (tag: string, error: string, message: string) => ({ errors: [{ tag, error, message }] })

/** Asserts a response's status and JSON body. */
export function answers (t: Test, res: LightMyRequestResponse, status: number, body: unknown, ...name: [] | [string]): void {
  t.equal(res.statusCode, status, ...name)
  t.same(res.json(), body, ...name)
}

export const URL_314 = '/party-profile/individual-profiles/314/contact-preference'

// The guide's step 4 sample, read as intended (the spec's `guide` example, without the guide's id).
export const GUIDE_COMMAND = {
  'contact-preference-id': 10,
  'contact-id': 3143,
  'party-id': '304',
  'arrangement-number': 'MK07250120000058984',
  'preferred-language': 'en',
  'contact-purpose': 'marketing',
  'start-date': '2016-01-11T00:00:00.000Z',
  'end-date': null,
  'opt-ins': ['newsletter', 'product-offers'],
  'opt-outs': ['partner-offers'],
}
export const SINGLE = { 'preferred-language': 'mk', 'contact-purpose': 'servicing', 'start-date': '2016-02-01T00:00:00Z', 'end-date': '2016-12-31T23:59:59Z', 'opt-ins': ['account-statements'] }

export async function list (s: TestSandbox, headers: Record<string, string>, url = URL_314): Promise<Array<Record<string, unknown>>> {
  const res = await s.inject({ url, headers })
  if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${res.body}`)
  return res.json()
}

