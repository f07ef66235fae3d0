// The sandbox's login and consent page for the authorization-code flow: plain HTML, no script.

const SCOPE_NAMES: Record<string, string> = {
  customers_profiles: 'your name, addresses, emails, phone numbers and profile picture',
  customers_alerts: 'your alerts and alert history',
  offers: 'the offers made to you',
  cards: 'the addresses of your card accounts',
}

function escape (text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

export interface LoginPage {
  clientId: string
  scopes: string[]
  /** Hidden fields of the form: the page's anti-forgery token, which stands for the authorize request. */
  fields: Record<string, string>
  error?: string
}

export function loginPage ({ clientId, scopes, fields, error }: LoginPage): string {
  const hidden = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`).join('\n      ')
  const asks = scopes.map((s) => `<li>${escape(SCOPE_NAMES[s] ?? s)} <code>${escape(s)}</code></li>`).join('')
  return `<!doctype html>
<html lang="en-AU">
<head><meta charset="utf-8"><title>Citi sandbox sign-in</title>
<style>body{font-family:sans-serif;max-width:30em;margin:3em auto}label{display:block;margin:.6em 0}.error{color:#b00}</style></head>
<body>
  <h1>Citi Australia sandbox</h1>
  <p><strong>${escape(clientId)}</strong> asks to see:</p>
  <ul>${asks}</ul>
  ${error === undefined ? '' : `<p class="error" role="alert">${escape(error)}</p>`}
  <form method="post" action="/authCode/oauth2/authorize">
      ${hidden}
    <label>Username <input name="username" autocomplete="username" required></label>
    <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
    <p>Demo customers: SandboxUser1 / P@ssUser1$, SandboxUser2 / P@ssUser2$, SandboxUser3 / P@ssUser3$.</p>
    <button name="consent" value="allow">Allow</button>
    <button name="consent" value="deny" formnovalidate>Deny</button>
  </form>
</body>
</html>
`
}

export interface ErrorPage {
  /** RFC 6749's error code (`invalid_request`, `unauthorized_client`, …). */
  error: string
  description: string
}

/** What a browser is shown when an authorize request cannot go back to its client: the problem, and no way onward. */
export function errorPage ({ error, description }: ErrorPage): string {
  return `<!doctype html>
<html lang="en-AU">
<head><meta charset="utf-8"><title>Citi sandbox sign-in: ${escape(error)}</title>
<style>body{font-family:sans-serif;max-width:30em;margin:3em auto}.error{color:#b00}</style></head>
<body>
  <h1>Citi Australia sandbox</h1>
  <p class="error" role="alert"><strong>${escape(error)}</strong>: ${escape(description)}</p>
  <p>This sign-in cannot continue, and you are not sent back to the application. Start again from the application.</p>
</body>
</html>
`
}
