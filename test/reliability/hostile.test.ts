import { request as httpRequest } from 'node:http'
import { connect, type Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import type { Test } from 'tap'
import { parseRaw, raw } from './client.js'
import { ADMIN_TOKEN, LEAKS, healthy, listening, normalRead, type Running } from './harness.js'

// Hostile inputs, each followed by the same proof: the server is healthy and a normal read still
// answers (200, WM's documented sample). Everything on 127.0.0.1, bounded in count and time.

const SIMPRO = '/api/v1.0/companies/0/setup/customerProfiles/'
const WM = { 'request-tracking-id': '12345', authorization: 'Basic b2NzdXNlcjpvY3N1c2Vy', profileid: 'eBiz_215' }
const JSON_TYPE = { 'content-type': 'application/json' }

async function stillServing (t: Test, server: Running): Promise<void> {
  t.ok(await healthy(server.http.send), 'health answers ok')
  let read = await normalRead(server.http.send)
  // One slow answer on a shared machine is measured once more.
  if (read.ms >= 1000) read = await normalRead(server.http.send)
  t.equal(read.status, 200, 'a normal read answers 200')
  t.match(JSON.parse(read.text), { profiles: [{ first_name: 'JOHN', last_name: 'SMITH' }] }, 'with its documented body')
  t.ok(read.ms < 1000, `in ${Math.round(read.ms)} ms`)
}

// Bounded: a loaded machine gets more than tap's default two minutes, never an open end.
t.setTimeout(600_000)

t.test('prototype keys are refused naming the key, on every API that takes JSON', async (t) => {
  const server = await listening(t)
  const cases: Array<[string, string, Record<string, string>, string]> = [
    ['POST', SIMPRO, {}, '{"Name":"x","__proto__":{"admin":true}}'],
    ['POST', '/api/v1/customers/156714543005/tickets', WM, '{"customer_id":"156714543005","constructor":{"prototype":{"admin":true}}}'],
    ['PATCH', `${SIMPRO}1`, {}, '{"a":[{"b":{"__proto__":{"polluted":1}}}]}'],
  ]
  for (const [method, path, headers, body] of cases) {
    const answer = await server.http.send({ method, path, headers: { ...headers, ...JSON_TYPE }, body })
    t.ok(answer.status >= 400 && answer.status < 500, `${method} ${path} → ${answer.status}`)
    t.match(answer.text, /__proto__|constructor\.prototype/, 'the message names the key')
  }
  t.equal(({} as Record<string, unknown>).admin, undefined, 'no prototype was polluted')
  t.equal(({} as Record<string, unknown>).polluted, undefined)
  await stillServing(t, server)
})

t.test('traversal in ids and credentials is refused or not found, never followed', async (t) => {
  const server = await listening(t)
  const attempts: Array<[string, Record<string, string>]> = [
    ['/api/v1/customers/..%2F..%2F..%2Fetc%2Fpasswd/profiles', WM],
    ['/api/v1/customers/../../../etc/passwd/profiles', WM],
    ['/resources/v1/customerprofile/..%2F..%2Fetc%2Fpasswd', { key: 'imi-sandbox-key' }],
    [`${SIMPRO}..%2F..%2F1`, {}],
    ['/party-profile/individual-profiles/..%5C..%5Cwin.ini', {}],
    ['/api/v1/customers/104127993008/profiles', { ...WM, authorization: `Basic ${Buffer.from('../../etc/passwd:x').toString('base64')}` }],
    ['/resources/v1/customerprofile/4545', { key: '../../../../etc/passwd' }],
    [SIMPRO, { authorization: 'Bearer ../../../../etc/passwd' }],
    ['/v1/customers/profiles', { authorization: 'Bearer ../../x', client_id: '../../etc/passwd', uuid: '00000000-0000-4000-8000-000000000001', accept: 'application/json' }],
  ]
  for (const [path, headers] of attempts) {
    const answer = await server.http.send({ method: 'GET', path, headers })
    t.ok(answer.status < 500, `${path.slice(0, 60)} → ${answer.status}`)
    t.notMatch(answer.text, /root:|\[extensions\]/, 'no file content')
    t.notMatch(answer.text, LEAKS, 'no leak')
  }
  await stillServing(t, server)
})

t.test('a 100 MB body is cut at the body limit, without reading it all', async (t) => {
  const server = await listening(t)
  const before = process.memoryUsage().rss
  const chunk = Buffer.alloc(1024 * 1024, 'a')
  const outcome = await new Promise<{ status: number, text: string } | { error: string }>((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, method: 'POST', path: SIMPRO, headers: { ...JSON_TYPE, 'content-length': String(100 * chunk.length) } }, (res) => {
      let text = ''
      res.on('data', (d: Buffer) => { text += d.toString() })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
    })
    req.on('error', (err) => resolve({ error: err.message }))
    let sent = 0
    const pump = (): void => {
      while (sent < 100) {
        sent++
        if (!req.write(chunk)) {
          req.once('drain', pump)
          return
        }
      }
      req.end()
    }
    pump()
  })
  if ('status' in outcome) {
    t.equal(outcome.status, 413, 'simPRO\'s create documents 413')
    t.same(JSON.parse(outcome.text), { errors: [{ path: '', message: 'body is larger than the sandbox accepts (at most 1048576 bytes)', value: null }] })
  } else {
    t.pass(`the server closed the upload early (${outcome.error})`)
  }
  t.ok(process.memoryUsage().rss - before < 80 * 1024 * 1024, 'the 100 MB were not held')
  await stillServing(t, server)
})

t.test('10,000-deep JSON to every API is refused, and the journal still reads', async (t) => {
  const server = await listening(t)
  const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)
  const deepArray = '['.repeat(10_000) + ']'.repeat(10_000)
  // IMIconnect's GET takes no body: valid JSON there is ignored (200), and still journaled.
  const targets: Array<[string, string, Record<string, string>, number]> = [
    ['POST', SIMPRO, {}, 400],
    ['POST', '/api/v1/customers/156714543005/tickets', WM, 400],
    ['GET', '/resources/v1/customerprofile/4545', { key: 'imi-sandbox-key' }, 200],
    ['POST', '/party-profile/individual-profiles/314/contact-preference', {}, 400],
    ['PUT', '/v1/customers/profiles/emails', { accept: 'application/json' }, 400],
  ]
  for (const [method, path, headers, least] of targets) {
    for (const body of [deep, deepArray, `{"Name":"x","Notes":${deepArray}}`]) {
      const answer = await server.http.send({ method, path, headers: { ...headers, ...JSON_TYPE }, body })
      t.ok(answer.status >= least && answer.status < 500, `${method} ${path} → ${answer.status}`)
      t.ok(answer.ms < 1000, `in ${Math.round(answer.ms)} ms`)
    }
  }
  const journal = await server.http.send({ method: 'GET', path: '/__sandbox/requests', headers: { 'x-sandbox-admin-token': ADMIN_TOKEN } })
  t.equal(journal.status, 200, 'the journal reads')
  t.ok(journal.ms < 1000, `in ${Math.round(journal.ms)} ms`)
  t.equal((JSON.parse(journal.text) as { count: number }).count, targets.length * 3)
  await stillServing(t, server)
})

t.test('ReDoS-shaped simPRO filters answer within a second', async (t) => {
  const server = await listening(t, { customers: 2000 })
  const shapes = [
    `Name=${encodeURIComponent('%a'.repeat(40) + 'b')}`,
    `Name=${encodeURIComponent('%'.repeat(90) + 'x')}`,
    `Name=${encodeURIComponent('a%'.repeat(45))}&search=any&ID=${encodeURIComponent('in(' + '1,'.repeat(40) + '1)')}`,
    `Name=${encodeURIComponent('(a+)+$')}`,
    `orderby=${encodeURIComponent('-Name,' + 'ID,'.repeat(30) + 'Name')}`,
    `Name=${encodeURIComponent('between(' + 'a'.repeat(40) + ',' + 'z'.repeat(40) + ')')}`,
  ]
  for (const query of shapes) {
    const answer = await server.http.send({ method: 'GET', path: `${SIMPRO}?${query}` })
    t.ok(answer.status === 200 || answer.status === 422, `${query.slice(0, 50)} → ${answer.status}`)
    t.ok(answer.ms < 1000, `in ${Math.round(answer.ms)} ms`)
  }
  await stillServing(t, server)
})

t.test('2,000 concurrent connections are all answered', async (t) => {
  const server = await listening(t)
  const one = (): Promise<number> => new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path: '/api/v1/customers/104127993008/profiles', headers: WM, agent: false }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', () => resolve(0))
    req.end()
  })
  const statuses = await Promise.all(Array.from({ length: 2000 }, one))
  const counted = new Map<number, number>()
  for (const status of statuses) counted.set(status, (counted.get(status) ?? 0) + 1)
  t.same([...counted], [[200, 2000]], 'every connection got its 200')
  await stillServing(t, server)
})

t.test('malformed HTTP and oversized headers are answered in the sandbox envelope', async (t) => {
  const server = await listening(t)
  const cases: Array<[string, string | Buffer, number, string]> = [
    ['NUL in the request line', 'GET /api/v1/cust\u0000omers HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'malformed-request'],
    ['bare LF line ends', 'GET /__sandbox/health HTTP/1.1\nHost: x\n\n', 400, 'malformed-request'],
    ['conflicting Content-Length', `POST ${SIMPRO} HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef`, 400, 'malformed-request'],
    ['headers over 16 KB', `GET /api/v1/customers HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'request-too-large'],
    ['a URL over 16 KB', `GET /api/v1/customers/${'1'.repeat(20_000)}/profiles HTTP/1.1\r\nHost: x\r\n\r\n`, 431, 'request-too-large'],
    ['an unknown method', 'BREW /api/v1/customers HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'malformed-request'],
  ]
  for (const [name, bytes, status, problem] of cases) {
    const { text, closed } = await raw(server.port, bytes)
    t.ok(closed, `${name}: the connection is closed`)
    const answer = parseRaw(text)
    t.equal(answer.status, status, `${name}: ${status}`)
    t.match(answer.body, { problem, title: String, message: String }, `${name}: the sandbox envelope`)
    t.notMatch(text, /"statusCode"|Client Error/, `${name}: no framework default body`)
  }
  await stillServing(t, server)
})

/** Opens `n` sockets that send `head` and then one byte of `drip` every `everyMs`, until closed. */
function drippers (port: number, n: number, head: string, drip: string, everyMs: number): Array<Promise<{ text: string, ms: number }>> {
  return Array.from({ length: n }, () => new Promise((resolve) => {
    const started = Date.now()
    const socket: Socket = connect(port, '127.0.0.1')
    let text = ''
    let at = 0
    socket.on('data', (d: Buffer) => { text += d.toString('latin1') })
    socket.on('error', () => {})
    socket.write(head)
    const timer = setInterval(() => {
      if (socket.writable) socket.write(drip[at++ % drip.length]!)
    }, everyMs)
    socket.on('close', () => {
      clearInterval(timer)
      resolve({ text, ms: Date.now() - started })
    })
    // Bounded whatever happens: a socket still open after 20 s is ended by the test.
    setTimeout(() => socket.destroy(), 20_000).unref()
  }))
}

t.test('slow headers and slow bodies are cut at the request timeout while others are served', async (t) => {
  const server = await listening(t, { requestTimeout: 3000, headersTimeout: 2000 })
  const slowHeaders = drippers(server.port, 50, 'GET /api/v1/customers/104127993008/profiles HTTP/1.1\r\nHost: x\r\n', 'X-Slow: 1\r\n', 500)
  const slowBodies = drippers(server.port, 50, `POST ${SIMPRO} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"Name":"`, 'a', 500)
  await sleep(500)
  // While 100 slow clients hold their sockets, a normal client is served at once.
  await stillServing(t, server)
  const results = await Promise.all([...slowHeaders, ...slowBodies])
  const latest = Math.max(...results.map((r) => r.ms))
  t.ok(latest < 8000, `every slow socket was closed by the server (the last after ${latest} ms)`)
  const answered = results.map((r) => parseRaw(r.text))
  t.ok(answered.every((a) => a.status === 408), 'each with 408')
  t.match(answered[0]?.body, { problem: 'request-timeout', title: 'Request Timeout', message: 'the request did not arrive in time (its headers within 2000 ms, all of it within 3000 ms)' })
  t.match(answered.at(-1)?.body, { problem: 'request-timeout' })
  await stillServing(t, server)
})

t.test('connections over --max-connections are closed, and served again once others go', async (t) => {
  const server = await listening(t, { maxConnections: 20 })
  const idle: Socket[] = []
  for (let i = 0; i < 20; i++) {
    const socket = connect(server.port, '127.0.0.1')
    socket.on('error', () => {})
    idle.push(socket)
    await new Promise((resolve) => socket.once('connect', resolve))
  }
  await sleep(100)
  const refused = await raw(server.port, 'GET /__sandbox/health HTTP/1.1\r\nHost: x\r\n\r\n', 3000)
  t.ok(refused.closed && refused.text === '', 'one connection too many is closed unanswered')
  for (const socket of idle) socket.destroy()
  await sleep(200)
  server.http.close()
  const again = await raw(server.port, 'GET /__sandbox/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 3000)
  t.equal(parseRaw(again.text).status, 200, 'served again once the others closed')
})
