import { fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { client } from './client.js'

// RSS of a sandbox process after 1,000 hostile 1 MB requests stays under a stated bound: refused
// bodies are not kept whole (the journal keeps 16 KB of each, 16 MB in all) and nothing else grows.

const MB = 1024 * 1024
/**
 * The bound: resident memory after the run (after a full collection), with the journal full, at
 * most this much above the start. Runs end 75–161 MB above it (V8 keeps freed pages for a while,
 * so the peak of eight 1 MB bodies in flight shows); keeping whole bodies grew it by ~660 MB.
 */
const GROWTH_BOUND = 256 * MB
const REQUESTS = 1000
const SIMPRO = '/api/v1.0/companies/0/setup/customerProfiles/'

async function ask (child: ChildProcess, message: string): Promise<Record<string, number>> {
  const reply = once(child, 'message') as Promise<[Record<string, number>]>
  child.send(message)
  return (await reply)[0]
}

// Bounded: a loaded machine gets more than tap's default two minutes, never an open end.
t.setTimeout(600_000)

t.test(`RSS after ${REQUESTS} hostile 1 MB requests stays within ${GROWTH_BOUND / MB} MB of the start`, async (t) => {
  const child = fork(fileURLToPath(new URL('./server-process.ts', import.meta.url)), { execArgv: [...process.execArgv, '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  t.teardown(() => { child.kill() })
  const [{ port }] = await once(child, 'message') as [{ port: number }]
  const http = client(port!, 8)
  t.teardown(() => http.close())

  // Warm every path once, so the start counts code and caches, not first-use compilation.
  const text = 'x'.repeat(MB - 64)
  const bodies = [
    `{"Name":"x","Notes":"${text}"}`, // an unknown field: refused (422) after parsing
    `{"Name":"${text}"}`, // over Name's maxLength: refused
    `{"__proto__":{"a":"${text}"}}`, // a prototype key
    `{"Name":"${text}`, // malformed JSON
  ]
  const send = (i: number) => http.send({ method: i % 5 === 4 ? 'GET' : 'POST', path: SIMPRO, headers: { 'content-type': 'application/json' }, body: bodies[i % bodies.length]! })
  for (let i = 0; i < 20; i++) await send(i)
  const start = (await ask(child, 'rss')).rss!

  let next = 0
  const statuses = new Map<number, number>()
  const worker = async (): Promise<void> => {
    while (next < REQUESTS) {
      const answer = await send(next++)
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1)
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker))
  const end = (await ask(child, 'rss')).rss!
  t.comment(`answers: ${[...statuses].map(([s, n]) => `${s} × ${n}`).join(', ')}; RSS ${Math.round(start / MB)} MB → ${Math.round(end / MB)} MB`)
  // Every fifth is a list GET carrying the body, which it ignores (200); the others are refused.
  t.same([...statuses.keys()].sort(), [200, 422], 'the POSTs are refused as client mistakes, the GETs answered')
  t.ok(end - start < GROWTH_BOUND, `RSS grew by ${Math.round((end - start) / MB)} MB (bound ${GROWTH_BOUND / MB} MB)`)

  const journal = await http.send({ method: 'GET', path: '/__sandbox/requests', headers: { 'x-sandbox-admin-token': 'reliability-admin-token' } })
  t.equal(journal.status, 200, 'the journal reads')
  t.ok(journal.ms < 1000, `in ${Math.round(journal.ms)} ms`)
  const { count, requests } = JSON.parse(journal.text) as { count: number, requests: Array<{ bodyTruncated: boolean }> }
  t.equal(count, 1000, 'the journal holds its 1,000 newest requests')
  t.ok(requests.every((e) => e.bodyTruncated), 'each 1 MB body is marked truncated')
  t.ok(journal.text.length < 40 * MB, `the journal answer is bounded (${Math.round(journal.text.length / MB)} MB)`)
  await ask(child, 'rss').catch(() => undefined)
  child.send('stop')
  await once(child, 'exit')
})
