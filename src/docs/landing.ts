import type { DocsApi, TokenFlow } from './catalogue.js'
import { DOCS_PREFIX, referenceUrl, UI_ASSETS } from './paths.js'

/** Where the request's own address goes in the page (curl examples); replaced per request. */
export const ORIGIN_MARK = '\u0000origin\u0000'

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** `code` spans of a spec's short markdown, the rest escaped. */
const inline = (text: string): string => escape(text).replace(/`([^`]+)`/g, '<code>$1</code>')

const STYLE = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #4a5560; --line: #d0d7de; --accent: #0b57d0; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #fff; }
a { color: var(--accent); }
a:focus-visible { outline: 3px solid #f9a825; outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
header, main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem; }
header { border-bottom: 1px solid var(--line); }
h1 { font-size: 1.6rem; margin: .5rem 0; }
h2 { font-size: 1.25rem; margin-top: 2rem; }
p.lead { color: var(--muted); margin: 0 0 .5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; color: var(--muted); padding-bottom: .25rem; }
th, td { border: 1px solid var(--line); padding: .4rem .6rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
th small { font-weight: normal; }
code, pre { font: 14px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
code { background: #f6f8fa; padding: 0 .2rem; border-radius: 3px; }
pre { background: #f6f8fa; padding: .75rem; overflow-x: auto; border-radius: 6px; }
ol li { margin: .25rem 0; }
`

function apiRows (apis: DocsApi[]): string {
  return apis.map((api) => `<tr>
<th scope="row"><a href="${escape(referenceUrl(api))}" data-api="${api.id}">${escape(api.title)}</a><br><small>${inline(api.summary)}</small></th>
<td><code>${api.id}</code></td>
<td>${escape(api.version)}</td>
<td>${api.prefixes.map((p) => `<code>${escape(p)}</code>`).join('<br>')}</td>
<td>${api.seed === undefined ? '—' : `${escape(api.seed.title)}<br><code>${escape(api.seed.file)}</code>`}</td>
<td>${api.operations}</td>
<td><a href="${DOCS_PREFIX}/${api.id}.yaml">YAML</a> · <a href="${DOCS_PREFIX}/${api.id}.json">JSON</a></td>
</tr>`).join('\n')
}

function credentialRows (apis: DocsApi[]): string {
  const rows = apis.flatMap((api) => api.demo.map((d) => `<tr>
<th scope="row">${escape(api.title)}</th>
<td><code>${escape(d.scheme)}</code>: ${inline(d.how)}</td>
<td>${d.fields.map(([label, value]) => `${escape(label)} <code>${escape(value)}</code>`).join('<br>')}</td>
<td><code>${escape(d.tenant)}</code></td>
</tr>`))
  return rows.length === 0 ? '<tr><td colspan="4">No API declares demo credentials.</td></tr>' : rows.join('\n')
}

function tokenExample (api: DocsApi, flow: TokenFlow): string {
  const client = api.demo.find((d) => d.scheme === flow.scheme)
  const id = client?.fields.find(([label]) => label === 'client_id')?.[1] ?? '<client_id>'
  const secret = client?.fields.find(([label]) => label === 'client_secret')?.[1] ?? '<client_secret>'
  const url = /^https?:/.test(flow.tokenUrl) ? flow.tokenUrl : ORIGIN_MARK + flow.tokenUrl
  const scope = flow.scopes.length > 0 ? ` \\\n  -d ${shellQuote(`scope=${flow.scopes.join(' ')}`)}` : ''
  const grant = flow.flow === 'clientCredentials' ? 'client_credentials' : flow.flow === 'password' ? 'password' : 'authorization_code'
  return `curl -s -X POST ${shellQuote(url)} -u ${shellQuote(`${id}:${secret}`)} \\\n  -d grant_type=${grant}${scope}`
}

const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`

function tokenSection (apis: DocsApi[]): string {
  const withFlows = apis.filter((api) => api.flows.length > 0)
  if (withFlows.length === 0) {
    return '<p>None of the APIs served now uses OAuth 2.0: their demo credentials go straight into each request.</p>'
  }
  return `<p>OAuth 2.0 APIs take a bearer token issued by the sandbox's own token endpoint. In the
reference, <strong>Authorize</strong> fetches one for you with the demo client (already filled in).
With curl:</p>\n` + withFlows.map((api) => api.flows.map((flow) => `<h3>${escape(api.title)}: <code>${escape(flow.scheme)}</code>, ${escape(flow.flow)}</h3>
<p>Token endpoint <code>POST ${escape(flow.tokenUrl)}</code>${flow.authorizationUrl === undefined ? '' : `; authorization <code>GET ${escape(flow.authorizationUrl)}</code>`}${flow.scopes.length > 0 ? `; scopes ${flow.scopes.map((s) => `<code>${escape(s)}</code>`).join(', ')}` : ''}.</p>
<pre><code>${escape(tokenExample(api, flow))}</code></pre>`).join('\n')).join('\n')
}

function scenarioSection (apis: DocsApi[]): string {
  const rows = apis.flatMap((api) => api.scenarios.map((s) => `<tr><th scope="row">${escape(api.title)}</th><td>${escape(s.operation)}</td><td><code>${escape(s.trigger)}</code></td><td>${s.status} ${escape(s.message)}</td></tr>`))
  if (rows.length === 0) return '<p>No scenarios are defined.</p>'
  return `<p>Documented inputs that always produce a given answer, after the credential check
(machine-readable: <a href="/__sandbox/scenarios"><code>GET /__sandbox/scenarios</code></a>).
Any request may also carry <code>Prefer: code=&lt;status&gt;</code>, <code>example=&lt;name&gt;</code>,
<code>dynamic=true</code> or <code>delay=&lt;ms&gt;</code>.</p>
<table><caption>Scenario catalogue</caption>
<thead><tr><th scope="col">API</th><th scope="col">operation</th><th scope="col">trigger</th><th scope="col">answer</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`
}

/** The /docs landing page, rendered once at boot (only the origin mark is replaced per request). */
export function landingPage (apis: DocsApi[]): string {
  const first = apis[0]
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>profile-sandbox: API playground</title>
<link rel="icon" href="data:,">
${UI_ASSETS.map((href) => `<link rel="prefetch" href="${href}">`).join('\n')}
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
<h1>profile-sandbox playground</h1>
<p class="lead">A stateful sandbox of ${apis.length} customer-profile API${apis.length === 1 ? '' : 's'}, driven by the same OpenAPI specs as its routes.</p>
</header>
<main id="main">
<h2 id="start">Try an API in three steps</h2>
<ol>
<li>Open an API's reference below${first === undefined ? '' : ` (e.g. <a href="${escape(referenceUrl(first))}">${escape(first.title)}</a>, also at <code>${DOCS_PREFIX}/${first.id}</code>)`}; the selector at the top switches between APIs.</li>
<li>Press <strong>Authorize</strong>: the dialog lists the demo credentials (OAuth clients are filled in). Enter one and authorize.</li>
<li>Open an operation, press <strong>Try it out</strong>, then <strong>Execute</strong>: the answer comes from this sandbox.</li>
</ol>
<h2 id="apis">APIs</h2>
<table><caption>APIs served by this sandbox</caption>
<thead><tr><th scope="col">API (interactive reference)</th><th scope="col">id</th><th scope="col">version</th><th scope="col">base path</th><th scope="col">seed document</th><th scope="col">operations</th><th scope="col">spec</th></tr></thead>
<tbody>
${apiRows(apis)}
</tbody></table>
<h2 id="credentials">Demo credentials</h2>
<p>They work out of the box. Each selects its own data set (tenant): one credential's writes are invisible to the others.</p>
<table><caption>Demo credentials by API</caption>
<thead><tr><th scope="col">API</th><th scope="col">security scheme</th><th scope="col">credential</th><th scope="col">tenant</th></tr></thead>
<tbody>
${credentialRows(apis)}
</tbody></table>
<h2 id="tokens">Getting tokens</h2>
${tokenSection(apis)}
<h2 id="scenarios">Scenarios</h2>
${scenarioSection(apis)}
<h2 id="controls">Sandbox controls</h2>
<p><a href="/__sandbox/health"><code>GET /__sandbox/health</code></a> lists the APIs;
<code>/__sandbox/requests</code> is the request journal and <code>POST /__sandbox/reset</code> starts a tenant afresh
(both with the API's own credential and <code>?api=&lt;id&gt;</code>).</p>
</main>
</body>
</html>
`
}
