import type pg from 'pg'

/** The schema, one step per entry; a step never changes once released (add a new one instead). */
const STEPS: readonly string[] = [
  `CREATE TABLE sandbox_tenants (
     key text PRIMARY KEY,
     epoch bigint NOT NULL DEFAULT 0,
     version bigint NOT NULL DEFAULT 0,
     counters jsonb NOT NULL DEFAULT '{}'::jsonb
   );
   CREATE TABLE sandbox_changes (
     key text NOT NULL,
     collection text NOT NULL,
     id text NOT NULL,
     version bigint NOT NULL,
     record jsonb,
     PRIMARY KEY (key, collection, id)
   );
   CREATE INDEX sandbox_changes_version ON sandbox_changes (key, version);
   CREATE TABLE sandbox_tokens (
     digest text PRIMARY KEY,
     api text NOT NULL,
     kind text NOT NULL,
     client_id text NOT NULL,
     token jsonb NOT NULL,
     issued_at bigint NOT NULL,
     expires_at bigint NOT NULL
   );
   CREATE INDEX sandbox_tokens_client ON sandbox_tokens (api, client_id, issued_at);
   CREATE INDEX sandbox_tokens_expiry ON sandbox_tokens (expires_at);`,
  `CREATE TABLE sandbox_journal (
     seq bigserial PRIMARY KEY,
     entry jsonb NOT NULL
   );`,
  // The journal is a debugging record: unlogged (no WAL: appends cost a fraction, and a crash of
  // the database empties it) and plain json (stored as sent, not converted to jsonb).
  `ALTER TABLE sandbox_journal SET UNLOGGED;
   ALTER TABLE sandbox_journal ALTER COLUMN entry TYPE json USING entry::json;`,
]

/** Any 64-bit number of our own: replicas starting together take turns on the migrations. */
const MIGRATION_LOCK = 7_361_902_154

/**
 * Brings the schema up to date: idempotent, and safe when several replicas start at once (they
 * queue on one advisory lock; each step runs in its own transaction, recorded in sandbox_schema).
 */
export async function migrate (client: pg.ClientBase): Promise<number> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
  try {
    await client.query('CREATE TABLE IF NOT EXISTS sandbox_schema (step integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())')
    const { rows } = await client.query<{ step: number }>('SELECT step FROM sandbox_schema')
    const done = new Set(rows.map((r) => r.step))
    let applied = 0
    for (const [i, sql] of STEPS.entries()) {
      if (done.has(i + 1)) continue
      await client.query('BEGIN')
      try {
        await client.query(sql)
        await client.query('INSERT INTO sandbox_schema (step) VALUES ($1)', [i + 1])
        await client.query('COMMIT')
      } catch (err) {
        await client.query('ROLLBACK')
        throw err
      }
      applied++
    }
    return applied
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK])
  }
}
