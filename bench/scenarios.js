// The benchmark's scenarios: one entry per request measured, against the sandbox and against a
// bare Fastify server that answers the sandbox's own response body at the same route.
//
//   name      label in the table
//   method    HTTP method (default GET)
//   path      request path and query, as sent
//   route     Fastify route pattern the bare server registers (the sandbox's route shape, so
//             both routers do the same work); default: the path without its query
//   headers   request headers (credentials included: the sandbox checks them on every request)
//   body      request body, a string (optional)
//   prepare   async (base) => void, optional: run once against the started sandbox before the
//             scenario is checked or measured, e.g. to fetch an access token into its headers
//   volatile  top-level body fields that hold a fresh UUID in every response: the bare server
//             generates one per response too (crypto.randomUUID), and they are ignored when the
//             two servers' bodies are compared
//   responseHeaders
//             response headers the bare server answers too, with the sandbox's values (e.g.
//             paging totals); checked to be equal on both (optional)
//   prepare   async (base) => void, run once against the started sandbox before anything is
//             measured (optional; e.g. to fetch an OAuth token into `headers`)
//
// Adding an API to the benchmark is adding one entry here.

export const SCENARIOS = [
  {
    name: 'WM sample GET',
    method: 'GET',
    path: '/api/v1/customers/104127993008/profiles',
    route: '/api/v1/customers/:customerId/profiles',
    headers: {
      'Request-Tracking-Id': '12345',
      Authorization: 'Basic b2NzdXNlcjpvY3N1c2Vy',
      ProfileId: 'eBiz_215',
    },
    volatile: [],
  },
  {
    name: 'WM generated customer GET',
    method: 'GET',
    path: '/api/v1/customers/800000054321/profiles',
    // A static route on the bare server: the parametric one is taken by the sample above.
    route: '/api/v1/customers/800000054321/profiles',
    headers: {
      'Request-Tracking-Id': '12345',
      Authorization: 'Basic b2NzdXNlcjpvY3N1c2Vy',
      ProfileId: 'eBiz_215',
    },
    volatile: [],
  },
  {
    name: 'IMIconnect sample GET',
    method: 'GET',
    path: '/resources/v1/customerprofile/4545?showinwardlinks=0',
    route: '/resources/v1/customerprofile/:customerid',
    headers: { key: 'imi-sandbox-key' },
    volatile: ['transid'],
  },
  {
    name: 'simPRO filtered, ordered, paged list',
    method: 'GET',
    path: '/api/v1.0/companies/0/setup/customerProfiles/?Name=%25e%25&Archived=false&orderby=-Name&columns=ID,Name,Archived&pageSize=10&page=2',
    route: '/api/v1.0/companies/:companyID/setup/customerProfiles/',
    headers: {},
    volatile: [],
    responseHeaders: ['Result-Total', 'Result-Pages'],
  },
  {
    name: 'Asseco individual profile GET',
    method: 'GET',
    path: '/party-profile/individual-profiles/314',
    route: '/party-profile/individual-profiles/:party_number',
    headers: {},
    async prepare (base) {
      const response = await fetch(`${base}/v1/authentication/connect/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&client_id=asseco-sandbox-client&client_secret=asseco-sandbox-secret',
      })
      if (response.status !== 200) throw new Error(`Asseco token request answered ${response.status}: ${await response.text()}`)
      this.headers = { Authorization: `bearer ${(await response.json()).access_token}` }
    },
    volatile: [],
  },
  {
    name: 'Citi profile GET',
    method: 'GET',
    path: '/v1/customers/profiles',
    // Every header check on: a bearer token issued by the sandbox, client_id, uuid, Accept.
    headers: { client_id: 'citi-sandbox-client', uuid: '2b3b5a6e-0d1c-4a8f-9e7d-6c5b4a3f2e1d', Accept: 'application/json' },
    async prepare (base) {
      const response = await fetch(`${base}/clientCredentials/oauth2/token/au/gcb`, {
        method: 'POST',
        headers: { Authorization: 'Basic ' + Buffer.from('citi-sandbox-client:citi-sandbox-secret').toString('base64'), 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&scope=/api',
      })
      if (response.status !== 200) throw new Error(`Citi token request answered ${response.status}: ${await response.text()}`)
      this.headers.Authorization = `Bearer ${(await response.json()).access_token}`
    },
    volatile: [],
  },
]
