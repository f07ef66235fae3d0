import t, { type Test } from 'tap'
import { UUID, sandbox } from './helpers.js'

const KEY = { key: 'imi-sandbox-key' }
const ONE = '/resources/v1/customerprofile'

interface Attribute { Name: string, Value: string, ID: number }
interface CustomerRecord { Attributes: Attribute[], InwardLinks: unknown[], OutwardLinks: unknown[] }

const attrs = (start: number, pairs: Array<[string, string]>): Attribute[] =>
  pairs.map(([Name, Value], i) => ({ Name, Value, ID: start + i }))
const seedTwo = (msisdn: string, name: string, id: string): Attribute[] => attrs(8328, [
  ['msisdn', msisdn], ['email', '[email protected]'], ['name', name], ['customerId', id], ['sms', '1'], ['voice', '1'],
  ['ussd', '1'], ['rt', '1'], ['fb', '1'], ['fbc', '1'], ['twitter', '1'], ['mxit', '1'], ['wechat', '1'], ['wa', '1'],
])

function imiError (t: Test, res: { json: () => Record<string, unknown> }, code: string, description: string): void {
  const body = res.json()
  t.match(body.transid, UUID)
  t.same({ ...body, transid: undefined }, { Status: 1, Description: description, code, transid: undefined })
}

t.test('the seed\'s single-customer sample answers attribute for attribute', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: `${ONE}/4545?showinwardlinks=0`, headers: KEY })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.match(body.transid, UUID)
  t.same({ ...body, transid: 'x' }, {
    Status: 0,
    Description: 'success',
    Records: [{
      Attributes: attrs(8574, [
        ['msisdn', '91900007707'], ['email', '[email protected]'], ['name', 'john'], ['customerId', '4545'], ['sms', '1'],
        ['voice', '1'], ['rt', '1'], ['fb', '1'], ['twitter', '1'], ['wechat', '1'], ['wa', '1'],
      ]),
      InwardLinks: [],
      OutwardLinks: [],
    }],
    code: '1000',
    transid: 'x',
  })
})

t.test('the seed\'s multi-customer sample answers both customers in order', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: `${ONE}?customerId=2134&customerId=2142&showinwardlinks=0`, headers: KEY })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.same(body.Records, [
    { Attributes: seedTwo('918106565495', 'jagadeesh', '2134'), InwardLinks: [], OutwardLinks: [] },
    { Attributes: seedTwo('919963427038', 'balaji', '2142'), InwardLinks: [], OutwardLinks: [] },
  ])
  t.equal(body.code, '1000')
  t.equal(body.Status, 0)
})

t.test('showinwardlinks picks the master, application or full profile', async (t) => {
  const s = await sandbox(t)
  const counts = async (level: string | undefined): Promise<[number, number]> => {
    const res = await s.inject({ url: `${ONE}/5001${level === undefined ? '' : `?showinwardlinks=${level}`}`, headers: KEY })
    t.equal(res.statusCode, 200)
    const record = res.json().Records[0] as CustomerRecord
    return [record.InwardLinks.length, record.OutwardLinks.length]
  }
  t.same(await counts(undefined), [0, 0], 'default is the master profile only')
  t.same(await counts('0'), [0, 0], '0: master profile only')
  t.same(await counts('1'), [1, 0], '1: with application profiles')
  t.same(await counts('2'), [1, 2], '2: the full profile')
})

t.test('links carry profile ids, names and attribute records', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: `${ONE}/4545?showinwardlinks=2`, headers: KEY })
  const record = res.json().Records[0]
  t.same(record.InwardLinks[0], { ProfileId: 301, ProfileName: 'Facebook', Records: [{ Name: 'fbid', Value: '100004521337', ID: 9101 }, { Name: 'name', Value: 'john', ID: 9102 }] })
  t.same(record.OutwardLinks, [{ ProfileId: 410, ProfileName: 'LoyaltyApp', Records: [{ Name: 'memberid', Value: 'LOY-4545', ID: 9201 }, { Name: 'tier', Value: 'gold', ID: 9202 }] }])
})

t.test('every response carries a fresh transid', async (t) => {
  const s = await sandbox(t)
  const ids = new Set<string>()
  for (const url of [`${ONE}/4545`, `${ONE}/4545`, `${ONE}/nobody`, `${ONE}/nobody`]) {
    ids.add((await s.inject({ url, headers: KEY })).json().transid)
  }
  t.equal(ids.size, 4)
})

t.test('the multi-id call leaves unknown ids out and answers a repeated id once', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: `${ONE}?customerId=2142&customerId=nobody&customerId=2142&customerId=5003`, headers: KEY })
  t.equal(res.statusCode, 200)
  t.same(res.json().Records.map((r: CustomerRecord) => r.Attributes.find((a) => a.Name === 'customerId')?.Value), ['2142', '5003'])
})

t.test('a single customerId works on the multi-id call', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: `${ONE}?customerId=2134`, headers: KEY })
  t.equal(res.statusCode, 200)
  t.equal(res.json().Records.length, 1)
})

t.test('100 ids are accepted', async (t) => {
  const s = await sandbox(t)
  const ids = ['2134', ...Array.from({ length: 99 }, (_, i) => `x${i}`)]
  const res = await s.inject({ url: `${ONE}?${ids.map((id) => `customerId=${id}`).join('&')}`, headers: KEY })
  t.equal(res.statusCode, 200)
  t.equal(res.json().Records.length, 1)
})

const errors: Array<{ name: string, url: string, headers?: Record<string, string>, payload?: string, status: number, code: string, description: string }> = [
  { name: 'an unknown customer answers 404 with 7203', url: `${ONE}/9999`, status: 404, code: '7203', description: "Customer not found: customer '9999' not found" },
  { name: 'no known id on the multi-id call answers 404 with 7203', url: `${ONE}?customerId=a&customerId=b`, status: 404, code: '7203', description: 'Customer not found: none of the requested customerId values (a, b) is a known customer' },
  { name: 'a missing key answers 401 with 7001', url: `${ONE}/4545`, headers: {}, status: 401, code: '7001', description: "Authentication failed: header 'key' is required" },
  { name: 'an unknown key answers 401 with 7001', url: `${ONE}/4545`, headers: { key: 'guess' }, status: 401, code: '7001', description: "Authentication failed: header 'key' is not a registered sandbox key" },
  { name: 'no customerId on the multi-id call answers 400 with 7003', url: `${ONE}?showinwardlinks=0`, status: 400, code: '7003', description: "Mandatory parameters missing: query parameter 'customerId' is required" },
  { name: 'showinwardlinks=3 answers 400 with 7011', url: `${ONE}/4545?showinwardlinks=3`, status: 400, code: '7011', description: "Invalid attribute value: query parameter 'showinwardlinks' must be one of: 0, 1, 2" },
  { name: 'a non-numeric showinwardlinks answers 400 with 7011', url: `${ONE}?customerId=2134&showinwardlinks=full`, status: 400, code: '7011', description: "Invalid attribute value: query parameter 'showinwardlinks' must be integer" },
  { name: 'more than 100 ids answer 400 with 7012', url: `${ONE}?${Array.from({ length: 101 }, (_, i) => `customerId=${i}`).join('&')}`, status: 400, code: '7012', description: "Batch size limit exceeded: query parameter 'customerId' must NOT have more than 100 items" },
  { name: 'a malformed JSON body answers 400 with 7000', url: `${ONE}/4545`, headers: { ...KEY, 'content-type': 'application/json' }, payload: '{"customerId":', status: 400, code: '7000', description: 'Invalid JSON: body is not valid JSON' },
  { name: 'the server-error scenario customer answers 500 with 7006', url: `${ONE}/7006`, status: 500, code: '7006', description: 'Internal error: the profile service failed (sandbox scenario: customer 7006)' },
  { name: 'the server-error scenario customer in a batch answers 500 with 7006', url: `${ONE}?customerId=2134&customerId=7006`, status: 500, code: '7006', description: 'Internal error: the profile service failed (sandbox scenario: customer 7006)' },
]

for (const c of errors) {
  t.test(c.name, async (t) => {
    const s = await sandbox(t)
    const res = await s.inject({ url: c.url, headers: c.headers ?? KEY, ...(c.payload === undefined ? {} : { payload: c.payload }) })
    t.equal(res.statusCode, c.status)
    imiError(t, res, c.code, c.description)
  })
}

t.test('a valid JSON body on the GET is accepted and ignored', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: `${ONE}/4545`, headers: { ...KEY, 'content-type': 'application/json' }, payload: '{"customerid":"4545"}' })
  t.equal(res.statusCode, 200)
})

t.test('the second key is a working tenant of its own', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: `${ONE}/2134`, headers: { key: 'imi-sandbox-key-2' } })
  t.equal(res.statusCode, 200)
})

t.test('an unknown route under IMIconnect\'s prefix answers 404 in its envelope', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: `${ONE}/4545/links`, headers: KEY })
  t.equal(res.statusCode, 404)
  imiError(t, res, '404', `Resource not found: IMIconnect Customer Profile has no route GET ${ONE}/4545/links`)
})

t.test('a POST on the profile path answers 405 in IMIconnect\'s envelope', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ method: 'POST', url: `${ONE}/4545`, headers: KEY, payload: {} })
  t.equal(res.statusCode, 405)
  t.equal(res.headers.allow, 'GET, HEAD')
  imiError(t, res, '405', `Method not allowed: POST is not allowed on ${ONE}/4545; allowed: GET, HEAD`)
})

t.test('an empty body sent as JSON is no body: the lookup answers as without it', async (t) => {
  const s = await sandbox(t)
  const res = await s.inject({ url: `${ONE}/4545?showinwardlinks=0`, headers: { ...KEY, 'content-type': 'application/json', 'content-length': '0' }, payload: '' })
  t.equal(res.statusCode, 200)
  t.equal(res.json().Records[0].Attributes.find((a: { Name: string }) => a.Name === 'customerId').Value, '4545')
})
