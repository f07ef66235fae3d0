// PostgreSQL for the shared engine's tests: each test gets a database of its own (created here,
// dropped when it ends), and replicas are real processes started from the sources.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import type { Test } from 'tap'

/** The server the project's machines run (trust auth); PGHOST/PGPORT/PGUSER move it. */
const HOST = process.env.PGHOST ?? '127.0.0.1'
const PORT = process.env.PGPORT ?? '5432'
const USER = process.env.PGUSER ?? 'postgres'

export function serverUrl (database: string, port = PORT): string {
  return `postgres://${USER}@${HOST}:${port}/${database}`
}

/** Runs one statement on the server's `postgres` database. */
export async function admin (sql: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: serverUrl('postgres') })
  await client.connect()
  try {
    return await client.query(sql, values)
  } finally {
    await client.end()
  }
}

/** A new, empty database for this test, dropped (with its connections) when the test ends. */
export async function freshDatabase (t: Test): Promise<{ name: string, url: string }> {
  const name = `sandbox_test_${randomBytes(6).toString('hex')}`
  await admin(`CREATE DATABASE ${name}`)
  t.teardown(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
  return { name, url: serverUrl(name) }
}

/** Ends every connection the sandbox holds to a database (as a server restart would). */
export async function terminateConnections (database: string): Promise<number> {
  const { rows } = await admin('SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database])
  return (rows[0] as { n: number }).n
}

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url))

export interface Replica { process: ChildProcess, url: string, stderr: () => string }

/** Starts a sandbox process on `store` (this process's loader flags); resolves once it listens. */
export function startReplica (t: Test, store: string, extra: string[] = []): Promise<Replica> {
  const child = spawn(process.execPath, [...process.execArgv, MAIN, '--port', '0', '--store', store, '--log-level', 'info', '--admin-token', 'test-admin-token', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] })
  t.teardown(() => { child.kill('SIGKILL') })
  let out = ''
  let err = ''
  child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString() })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`the sandbox did not start within 90 s: ${err}`)) }, 90_000)
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const address = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1]
      if (address !== undefined) {
        clearTimeout(timer)
        resolve({ process: child, url: address, stderr: () => err })
      }
    })
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the sandbox exited with ${String(code)} before it listened: ${err}`)) })
  })
}

export function exited (child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}
