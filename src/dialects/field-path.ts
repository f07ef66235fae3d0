/**
 * A body field's JSON pointer as a client names the field: `/emails/0/emailAddress` →
 * `emails[0].emailAddress`; the whole body (`/` or nothing) → `body`.
 */
export function fieldPath (pointer: string): string {
  const path = pointer.split('/').filter((s) => s !== '')
    .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s.replace(/~1/g, '/').replace(/~0/g, '~')}`)).join('')
  return path === '' ? 'body' : path.replace(/^\./, '')
}
