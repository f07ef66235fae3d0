import type { CredentialRecord } from '../auth/credentials.js'
import type { SecuritySchemeObject } from '../spec/types.js'

/** A public demo credential of one security scheme, ready to show. */
export interface DemoCredential {
  scheme: string
  /** How the credential travels, in words ("HTTP Basic", "header `key`", …). */
  how: string
  /** Field label → value, in the order a user types them. */
  fields: Array<[string, string]>
  tenant: string
}

/** How a security scheme's credential travels, in words. */
export function describeScheme (scheme: SecuritySchemeObject): string {
  if (scheme.type === 'http') {
    const kind = (scheme.scheme ?? '').toLowerCase()
    return kind === 'basic' ? 'HTTP Basic' : kind === 'bearer' ? 'Bearer token' : `HTTP ${kind}`
  }
  if (scheme.type === 'apiKey') return `${scheme.in ?? 'header'} \`${scheme.name ?? ''}\``
  if (scheme.type === 'oauth2') {
    const flows = Object.keys(scheme.flows ?? {}).map((f) => f.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`))
    return `OAuth 2.0 (${flows.join(', ') || 'no flow'})`
  }
  return scheme.type
}

/** The fields of a credential record that a user of this scheme types in. */
function fieldsOf (scheme: SecuritySchemeObject, record: CredentialRecord): Array<[string, string]> {
  const present = (pairs: Array<[string, string | undefined]>): Array<[string, string]> =>
    pairs.filter((p): p is [string, string] => typeof p[1] === 'string')
  if (scheme.type === 'http' && (scheme.scheme ?? '').toLowerCase() === 'basic') {
    // An OAuth client authenticates to its token endpoints with Basic: id and secret.
    return present([['username', record.username ?? record.clientId], ['password', record.password ?? record.clientSecret]])
  }
  if (scheme.type === 'oauth2') return present([['client_id', record.clientId], ['client_secret', record.clientSecret]])
  if (scheme.type === 'apiKey') return present([[scheme.name ?? 'key', record.key]])
  return present([['token', record.token ?? record.key]])
}

/**
 * The records a scheme's demo credentials come from: those filed under its name; for an OAuth
 * 2.0 scheme with none of its own, the OAuth clients filed under any scheme (an API may file
 * its clients under the Basic scheme its token endpoints check).
 */
export function recordsFor (name: string, scheme: SecuritySchemeObject, file: Record<string, CredentialRecord[]>): CredentialRecord[] {
  const own = file[name] ?? []
  if (own.length > 0 || scheme.type !== 'oauth2') return own
  return Object.values(file).flat().filter((record) => typeof record.clientId === 'string')
}

/** The credentials marked `"demo": true` in an API's credentials file, for the schemes its spec declares. */
export function demoCredentials (schemes: Record<string, SecuritySchemeObject>, file: Record<string, CredentialRecord[]>): DemoCredential[] {
  const demos: DemoCredential[] = []
  for (const [name, scheme] of Object.entries(schemes)) {
    for (const record of recordsFor(name, scheme, file)) {
      if (record.demo !== true) continue
      const fields = fieldsOf(scheme, record)
      if (fields.length > 0) demos.push({ scheme: name, how: describeScheme(scheme), fields, tenant: record.tenant })
    }
  }
  return demos
}
