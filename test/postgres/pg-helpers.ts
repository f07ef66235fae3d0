// PostgreSQL for the shared engine's tests: each test gets a database of its own (created here,
// dropped when it ends), and replicas are real processes started from the sources.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { Test } from 'tap'
import { startSandboxProcess, type SandboxProcess } from '../process-helpers.js'

export { exited } from '../process-helpers.js'

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

export type Replica = SandboxProcess

/** Starts a sandbox process on `store` with the test admin token; resolves once it listens. */
export async function startReplica (t: Test, store: string, extra: string[] = []): Promise<Replica> {
  const started = startSandboxProcess(['--store', store, '--admin-token', 'test-admin-token', ...extra])
  // Killed at the end of the test even when it is still starting.
  const replica = await started
  t.teardown(() => { replica.process.kill('SIGKILL') })
  return replica
}
