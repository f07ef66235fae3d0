#!/usr/bin/env bash
# Smoke test of a running profile-sandbox: one documented sample call per API.
# Needs SANDBOX_URL (container-check sets it), e.g. SANDBOX_URL=http://127.0.0.1:8080.
# Each check must answer exactly 200 and contain the expected text. Add a line per new API.
set -euo pipefail

: "${SANDBOX_URL:?SANDBOX_URL must be set, e.g. http://127.0.0.1:8080}"
failures=0
body=$(mktemp)
trap 'rm -f "$body"' EXIT

# check NAME EXPECTED-TEXT CURL-ARGS...
check() {
  local name=$1 expect=$2 status
  shift 2
  if ! status=$(curl -sS --max-time 15 -o "$body" -w '%{http_code}' "$@"); then
    echo "smoke: FAIL $name: request failed"; failures=$((failures + 1)); return
  fi
  if [ "$status" != 200 ]; then
    echo "smoke: FAIL $name: HTTP $status, expected 200"; head -c 600 "$body"; echo
    failures=$((failures + 1)); return
  fi
  if ! grep -qF -- "$expect" "$body"; then
    echo "smoke: FAIL $name: body does not contain $expect"; head -c 600 "$body"; echo
    failures=$((failures + 1)); return
  fi
  echo "smoke: ok   $name"
}

# WM: profiles of one customer.
check 'WM GET /api/v1/customers/{customerId}/profiles' '104127993008^26984565|E' \
  -H 'Request-Tracking-Id: 12345' \
  -H 'Authorization: Basic b2NzdXNlcjpvY3N1c2Vy' \
  -H 'ProfileId: eBiz_215' \
  "$SANDBOX_URL/api/v1/customers/104127993008/profiles"

# IMIconnect: profile of one customer.
check 'IMIconnect GET /resources/v1/customerprofile/{customerid}' '"code":"1000"' \
  -H 'key: imi-sandbox-key' \
  "$SANDBOX_URL/resources/v1/customerprofile/4545?showinwardlinks=0"

# Playground: the /docs landing page and Swagger UI's locally served bundle.
check 'GET /docs' 'profile-sandbox playground' "$SANDBOX_URL/docs"
check 'GET /docs/ui/static/swagger-ui-bundle.js' 'SwaggerUIBundle' "$SANDBOX_URL/docs/ui/static/swagger-ui-bundle.js"

# simPRO: a filtered, ordered, paged list (no credentials needed).
check 'simPRO GET /api/v1.0/companies/{companyID}/setup/customerProfiles/' '"Name":"Gold"' \
  "$SANDBOX_URL/api/v1.0/companies/0/setup/customerProfiles/?Name=%25old%25&orderby=Name&pageSize=5&columns=ID,Name,Archived"

# Asseco: an access token (client credentials), then the seed's party 314.
asseco_token=$(curl -sS --max-time 15 -X POST "$SANDBOX_URL/v1/authentication/connect/token" \
  -d 'grant_type=client_credentials&client_id=asseco-sandbox-client&client_secret=asseco-sandbox-secret' \
  | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p') || true
check 'Asseco GET /party-profile/individual-profiles/{party-number}' '"party-number":"314"' \
  -H "Authorization: bearer ${asseco_token:-none}" \
  "$SANDBOX_URL/party-profile/individual-profiles/314"

# Citi: a client-credentials token, then the profile with all four headers.
citi_token=$(curl -sS --max-time 15 -u citi-sandbox-client:citi-sandbox-secret -d 'grant_type=client_credentials&scope=/api' \
  "$SANDBOX_URL/clientCredentials/oauth2/token/au/gcb" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p') || true
check 'Citi GET /v1/customers/profiles' '"postalCode":"QLD 4613"' \
  -H "Authorization: Bearer $citi_token" -H 'client_id: citi-sandbox-client' \
  -H 'uuid: 2b3b5a6e-0d1c-4a8f-9e7d-6c5b4a3f2e1d' -H 'Accept: application/json' \
  "$SANDBOX_URL/v1/customers/profiles"

if [ "$failures" -gt 0 ]; then
  echo "smoke: $failures check(s) failed"
  exit 1
fi
echo "smoke: all checks passed"
