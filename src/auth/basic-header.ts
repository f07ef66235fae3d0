/** The parts of an `Authorization: Basic …` value. */
export interface BasicCredentials {
  /** The user name or client id: everything before the first colon. */
  user: string
  /** Everything after the first colon ('' without one). */
  password: string
  /** Whether the decoded value held a colon at all (RFC 7617 requires one). */
  colon: boolean
}

/** Reads an `Authorization` header value as HTTP Basic credentials; undefined when it is not `Basic <base64>`. */
export function parseBasic (value: string): BasicCredentials | undefined {
  const match = /^basic[ ]+([A-Za-z0-9+/=]+)\s*$/i.exec(value)
  if (match?.[1] === undefined) return undefined
  const decoded = Buffer.from(match[1], 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  return colon === -1
    ? { user: decoded, password: '', colon: false }
    : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1), colon: true }
}
