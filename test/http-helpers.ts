import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { buildServer, type SandboxOptions } from '../src/server.js'

export interface Answer { status: number, body: unknown, text: string, headers: Headers }

/** A sandbox listening on 127.0.0.1 (a free port), for tests with real concurrent HTTP clients. */
export interface Served {
  app: FastifyInstance
  url: string
  call: (method: string, path: string, options?: { headers?: Record<string, string>, body?: unknown, form?: Record<string, string> }) => Promise<Answer>
}

/** A fresh data folder, removed when the test ends. */
export async function dataFolder (t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-http-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** Sends one request and reads the whole answer. */
export async function request (url: string, method: string, path: string, options: { headers?: Record<string, string>, body?: unknown, form?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers }
  let body: string | undefined
  if (options.form !== undefined) {
    body = new URLSearchParams(options.form).toString()
    headers['content-type'] ??= 'application/x-www-form-urlencoded'
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body)
    headers['content-type'] ??= 'application/json'
  }
  const res = await fetch(url + path, { method, headers, ...(body === undefined ? {} : { body }) })
  const text = await res.text()
  let parsed: unknown = text
  try { parsed = text === '' ? undefined : JSON.parse(text) } catch { /* not JSON */ }
  return { status: res.status, body: parsed, text, headers: res.headers }
}

/** Builds a sandbox on a data folder (files, not memory) and listens; closed when the test ends. */
export async function serve (t: Test, overrides: Partial<SandboxOptions> = {}): Promise<Served> {
  const app = await buildServer({ logLevel: 'silent', ...overrides })
  await app.listen({ port: 0, host: '127.0.0.1' })
  let closed = false
  const close = async (): Promise<void> => {
    if (!closed) await app.close()
    closed = true
  }
  t.teardown(close)
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  return { app, url, call: (method, path, options) => request(url, method, path, options) }
}

/** Runs `count` calls with at most `concurrency` in flight at once. */
export async function pool<T> (count: number, concurrency: number, call: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array<T>(count)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++
      out[i] = await call(i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
  return out
}
