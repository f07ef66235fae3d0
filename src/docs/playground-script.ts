import { PLACEHOLDERS } from './prefill.js'
import { DOCS_PREFIX, UI_PREFIX } from './paths.js'
import { PLAYGROUND_EXTENSION } from './playground-spec.js'

/**
 * The playground's browser code, loaded after Swagger UI: a Swagger UI plugin that pre-fills
 * the OAuth 2.0 dialog with the loaded API's demo client, and a request interceptor that
 * replaces prefill placeholders with fresh values. Plain ES2017 text, served as it is (it is
 * never compiled, so it cannot pick up build helpers).
 */
export function playgroundScript (): string {
  const kinds = Object.fromEntries(Object.entries(PLACEHOLDERS).map(([kind, value]) => [value, kind]))
  return `'use strict';
(function () {
  var placeholders = ${JSON.stringify(kinds)};
  function hex (bytes) {
    return Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1) }).join('');
  }
  // A version 4 UUID; crypto.getRandomValues works on plain http too (randomUUID needs a secure context).
  function uuid () {
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = hex(b);
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }
  var fresh = { uuid: uuid };
  // The OAuth callback is the playground's own page, the redirect URI the demo clients register.
  // (@fastify/swagger-ui resolves it against the page URL with its query, which a reference link has.)
  var callback = location.origin + ${JSON.stringify(`${UI_PREFIX}/static/oauth2-redirect.html`)};
  if (typeof window.SwaggerUIBundle === 'function') {
    var bundle = window.SwaggerUIBundle;
    window.SwaggerUIBundle = Object.assign(function (config) {
      return bundle(Object.assign({}, config, { oauth2RedirectUrl: callback }));
    }, bundle);
  }
  // A way back to the landing page, in Swagger UI's top bar.
  new MutationObserver(function (changes, observer) {
    var bar = document.querySelector('.swagger-ui .topbar-wrapper');
    if (!bar) return;
    observer.disconnect();
    var home = document.createElement('a');
    home.href = ${JSON.stringify(DOCS_PREFIX)};
    home.className = 'sandbox-home';
    home.textContent = 'All APIs';
    bar.insertBefore(home, bar.firstChild);
  }).observe(document.documentElement, { childList: true, subtree: true });
  window.sandboxPlayground = {
    plugin: function () {
      return {
        statePlugins: {
          spec: {
            wrapActions: {
              // Each loaded API brings its own demo OAuth client (or none) into the Authorize dialog.
              updateJsonSpec: function (original, system) {
                return function (spec) {
                  var result = original(spec);
                  var block = (spec && spec[${JSON.stringify(PLAYGROUND_EXTENSION)}]) || {};
                  system.authActions.configureAuth(block.oauth ? {
                    clientId: block.oauth.clientId,
                    clientSecret: block.oauth.clientSecret,
                    scopes: block.oauth.scopes,
                    // The authorization-code flow signs in with PKCE (S256), as a current client would,
                    // and exchanges the code with Basic credentials (RFC 6749 §2.3.1), as the APIs document.
                    usePkceWithAuthorizationCodeGrant: true,
                    useBasicAuthenticationWithAccessCodeGrant: true
                  } : {});
                  return result;
                };
              }
            }
          }
        }
      };
    },
    intercept: function (request) {
      var headers = request.headers || {};
      Object.keys(headers).forEach(function (name) {
        var kind = placeholders[headers[name]];
        if (kind && fresh[kind]) headers[name] = fresh[kind]();
      });
      return request;
    }
  };
})();
`
}
