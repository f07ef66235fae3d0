/**
 * The browser test's table: one row per API. Adding an API to the playground test is adding
 * its row here; everything else (landing link, selector, auth dialog, credentials) comes from
 * the API's spec and fixtures.
 */
export interface PlaygroundRow {
  /** The API's `x-sandbox.id`. */
  api: string
  /** The operation to try. */
  operationId: string
  /**
   * How to authorize: the security scheme whose first demo credential
   * (`fixtures/<api>/credentials.json`, `"demo": true`) is entered in the Authorize dialog;
   * the dialog is driven by the scheme's type (http basic, apiKey, oauth2). null: no credential.
   */
  scheme: string | null
  /** Values typed into parameters (those the spec gives an example for are pre-filled: prefer that). */
  params?: Record<string, string>
  /** Text the rendered 200 response body must contain. */
  expect: string
}

export const rows: PlaygroundRow[] = [
  { api: 'wm', operationId: 'getCustomerProfiles', scheme: 'basicAuth', expect: '"id": "104127993008^26984565|E"' },
  { api: 'imiconnect', operationId: 'getCustomerProfile', scheme: 'profileKey', expect: '"Value": "91900007707"' },
  { api: 'citi', operationId: 'getCustomerProfile', scheme: 'citiOAuth', expect: '"postalCode": "QLD 4613"' },
  { api: 'asseco', operationId: 'getIndividualProfile', scheme: 'oauth', expect: '"party-number": "314"' },
  { api: 'simpro', operationId: 'listCustomerProfiles', scheme: 'bearerAuth', expect: '"Name": "Gold"' },
]
