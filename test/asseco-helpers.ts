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
