// Prints the sandbox's answers to a fixed list of requests, one JSON line each; used to
// compare the bytes two separate processes answer with the same --customers and --seed.
import { buildServer } from '../../src/server.js'
import { testBuildOption } from '../spec-build.js'

const [customers, seed] = process.argv.slice(2).map(Number)
const app = await buildServer({ ...testBuildOption(), inMemory: true, logLevel: 'silent', customers, seed })
const wm = { authorization: `Basic ${Buffer.from('ocsuser:ocsuser').toString('base64')}`, 'request-tracking-id': '1', profileid: 'eBiz_215' }
const imi = { key: 'imi-sandbox-key' }
for (const [url, headers] of [
  ['/api/v1/customers/800000000777/profiles', wm],
  ['/resources/v1/customerprofile/9000777?showinwardlinks=2', imi],
  ['/resources/v1/customerprofile?customerId=9000001&customerId=9000002&showinwardlinks=1', imi],
  ['/resources/v1/customerprofile/nobody', imi],
] as const) {
  const res = await app.inject({ url, headers })
  process.stdout.write(JSON.stringify({ url, status: res.statusCode, body: res.body }) + '\n')
}
await app.close()
