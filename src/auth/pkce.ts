import { hash } from 'node:crypto'
import { Problem } from '../engine/problems.js'
import { matchesDigest, digest } from './constant-time.js'

// Proof Key for Code Exchange (RFC 7636).

export const PKCE_METHODS = ['S256', 'plain'] as const
export type PkceMethod = (typeof PKCE_METHODS)[number]

/** RFC 7636 §4.1: 43 to 128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~". */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/
/** The base64url encoding of a SHA-256 digest, without padding. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/

export function isPkceMethod (value: unknown): value is PkceMethod {
  return (PKCE_METHODS as readonly unknown[]).includes(value)
}

/** A list of PKCE methods from a spec or credentials file, checked at boot. */
export function pkceMethods (value: unknown, where: string): PkceMethod[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every(isPkceMethod)) {
    throw new Error(`${where} must be a non-empty list of ${PKCE_METHODS.join(', ')}`)
  }
  return [...new Set(value)]
}

/** The PKCE methods an authorize operation offers: its `x-sandbox-pkce-methods`, else `S256` (OAuth 2.1's). Checked at boot. */
export function offeredPkceMethods (operation: { [extension: `x-${string}`]: unknown }, where: string): PkceMethod[] {
  return pkceMethods(operation['x-sandbox-pkce-methods'] ?? ['S256'], `${where}: x-sandbox-pkce-methods`)
}

/** Whether a code_challenge (or code_verifier) has RFC 7636's form: a challenge made with S256 is 43 base64url characters, one with plain is the verifier. */
export function wellFormed (value: string): boolean {
  return VERIFIER.test(value)
}

/** The challenge a verifier answers under a method (RFC 7636 §4.2). */
export function transform (verifier: string, method: PkceMethod): string {
  return method === 'S256' ? hash('sha256', verifier, 'base64url') : verifier
}

/** Whether a code_verifier answers the challenge the code was requested with, compared in constant time. */
export function verifies (verifier: string, challenge: string, method: PkceMethod): boolean {
  return matchesDigest(transform(verifier, method), digest(challenge))
}

/** The PKCE half of an authorization request, kept with the code it is issued. */
export interface PkceChallenge { challenge: string, method: PkceMethod }

/**
 * Reads an authorization request's `code_challenge` and `code_challenge_method` (RFC 7636 §4.3,
 * the method `plain` when absent): undefined without a challenge, which a public client may not
 * omit. Problems carry the RFC's error code, `invalid_request`.
 */
export function requestedChallenge (client: { clientId: string, public: boolean, pkceMethods?: PkceMethod[] }, offered: readonly PkceMethod[], challenge: string | undefined, method: string | undefined): PkceChallenge | undefined {
  const field = (name: string): { field: { in: 'query', name: string }, code: string } => ({ field: { in: 'query', name }, code: 'invalid_request' })
  if (challenge === undefined || challenge === '') {
    if (method !== undefined) throw new Problem('missing-parameter', 'code_challenge_method was sent without code_challenge', field('code_challenge'))
    if (client.public) throw new Problem('missing-parameter', `client ${client.clientId} is a public client: it must use PKCE (code_challenge with code_challenge_method=${(client.pkceMethods ?? offered)[0] ?? 'S256'})`, field('code_challenge'))
    return undefined
  }
  const used = method ?? 'plain'
  const allowed = client.pkceMethods ?? offered
  if (!isPkceMethod(used) || !allowed.includes(used)) {
    throw new Problem('invalid-parameter', `code_challenge_method ${used} is not allowed for client ${client.clientId}; use ${allowed.join(' or ')}`, field('code_challenge_method'))
  }
  if (!wellFormed(challenge) || (used === 'S256' && !S256_CHALLENGE.test(challenge))) {
    throw new Problem('invalid-parameter', used === 'S256'
      ? 'code_challenge must be the 43-character base64url SHA-256 of the code_verifier (RFC 7636 §4.2)'
      : 'code_challenge must be 43 to 128 characters of A-Z, a-z, 0-9, "-", ".", "_" and "~" (RFC 7636 §4.1)', field('code_challenge'))
  }
  return { challenge, method: used }
}
