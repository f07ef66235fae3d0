import t from 'tap'
import { connect } from 'node:net'
import { BYO, LIBRARY, PETSTORE } from './byo-helpers.js'
import { dataFolder, pool, serve } from './http-helpers.js'
import { basic } from './helpers.js'

const fixturesDir = `${BYO}no-fixtures`

t.test('concurrent real clients creating in one tenant get distinct ids, and every record is kept', async (t) => {
  const served = await serve(t, { specsDir: PETSTORE, fixturesDir, dataDir: await dataFolder(t) })
  const headers = { 'x-api-key': 'busy-team' }
  const answers = await pool(60, 20, (i) => served.call('POST', '/pets', { headers, body: { name: `Pet ${i}` } }))
  t.same(answers.map((a) => a.status), Array(60).fill(201), 'every create answered 201')
  const ids = answers.map((a) => (a.body as { id: number }).id)
  t.equal(new Set(ids).size, 60, 'no id given twice')
  t.same([...ids].sort((a, b) => a - b), Array.from({ length: 60 }, (_, i) => i + 4), 'ids 4 to 63, none skipped')
  const list = await served.call('GET', '/pets?limit=100', { headers })
  t.equal((list.body as unknown[]).length, 63, 'the three seeded pets and the sixty created')
})

t.test('concurrent real clients creating one string id: exactly one is created, the others answer 409', async (t) => {
  const served = await serve(t, { specsDir: LIBRARY, fixturesDir, dataDir: await dataFolder(t) })
  const headers = { authorization: basic('eve', 'pw') }
  const shelf = (await served.call('POST', '/library/shelves', { headers, body: { label: 'Busy' } })).body as { id: string }
  const book = { isbn: '9780000000077', title: 'Contended', format: 'print', pages: 10 }
  const answers = await pool(12, 12, (i) => served.call('POST', `/library/shelves/${shelf.id}/books`, { headers, body: { ...book, title: `Contended ${i}` } }))
  t.equal(answers.filter((a) => a.status === 201).length, 1, 'one create wins')
  t.equal(answers.filter((a) => a.status === 409).length, 11, 'the others are told it exists')
  const winner = answers.find((a) => a.status === 201)!.body
  t.same((await served.call('GET', `/library/shelves/${shelf.id}/books/9780000000077`, { headers })).body, winner, 'the stored book is the one answered 201')
})

t.test('what an own API acknowledged is on disk: a new process on the data folder reads it back', async (t) => {
  const dataDir = await dataFolder(t)
  const headers = { authorization: basic('frank', 'pw') }
  const first = await serve(t, { specsDir: LIBRARY, fixturesDir, dataDir })
  const shelf = await first.call('POST', '/library/shelves', { headers, body: { label: 'Durable', floor: 3 } })
  t.equal(shelf.status, 201)
  const id = (shelf.body as { id: string }).id
  const book = { isbn: '9780000000042', title: 'Kept', format: 'ebook', megabytes: 1 }
  t.equal((await first.call('POST', `/library/shelves/${id}/books`, { headers, body: book })).status, 201)
  await first.app.close()
  const second = await serve(t, { specsDir: LIBRARY, fixturesDir, dataDir })
  t.same((await second.call('GET', `/library/shelves/${id}`, { headers })).body, { id, label: 'Durable', floor: 3 })
  t.same((await second.call('GET', `/library/shelves/${id}/books/9780000000042`, { headers })).body, book)
})

t.test('Prefer: fault=reset and fault=malformed break the connection of an own API\'s operation', async (t) => {
  const served = await serve(t, { specsDir: PETSTORE, fixturesDir, inMemory: true })
  const { port } = new URL(served.url)
  const raw = (prefer: string): Promise<string> => new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(`GET /pets/1 HTTP/1.1\r\nHost: x\r\nX-API-Key: k\r\nPrefer: ${prefer}\r\nConnection: close\r\n\r\n`)
    })
    let text = ''
    socket.on('data', (chunk) => { text += chunk.toString() })
    socket.on('error', () => resolve(`error:${text}`))
    socket.on('close', () => resolve(text))
  })
  t.match(await raw('fault=reset'), /^(error:)?$/, 'reset: no answer at all')
  const malformed = await raw('fault=malformed')
  t.match(malformed, /^HTTP\/1\.1 200 OK\r\n/)
  t.throws(() => JSON.parse(malformed.slice(malformed.indexOf('\r\n\r\n') + 4)), 'a body cut in half')
})
