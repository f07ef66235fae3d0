import type pg from 'pg'
import type { JournalRows } from '../shared-engine.js'
import { unavailable } from './connection.js'

// One JSON array for the whole group: cheaper to send than an array of JSON values.
const APPEND = 'INSERT INTO sandbox_journal (entry) SELECT e FROM json_array_elements($1::json) WITH ORDINALITY AS a(e, n) ORDER BY n'
const RECENT = 'SELECT seq, entry FROM sandbox_journal ORDER BY seq DESC LIMIT $1'
const DELETE = 'DELETE FROM sandbox_journal WHERE seq = ANY($1::bigint[])'
const TRIM = 'DELETE FROM sandbox_journal WHERE seq <= (SELECT max(seq) FROM sandbox_journal) - $1'

/** The request journal's rows in PostgreSQL: appended by every replica, the newest `capacity` kept. */
export function pgJournal (pool: pg.Pool, capacity: number): JournalRows {
  let sinceTrim = 0
  const run = async <R extends pg.QueryResultRow>(sql: string | { name: string, text: string }, values: unknown[]): Promise<pg.QueryResult<R>> => {
    try {
      return await pool.query<R>(typeof sql === 'string' ? { text: sql, values } : { ...sql, values })
    } catch (err) {
      throw unavailable(err)
    }
  }
  return {
    async append (entries) {
      await run({ name: 'sandbox-journal-append', text: APPEND }, [JSON.stringify(entries)])
      sinceTrim += entries.length
      // Trimmed now and then, not per request: the table holds at most about 1.1 × capacity rows.
      if (sinceTrim >= Math.max(1, capacity / 10)) {
        sinceTrim = 0
        pool.query(TRIM, [capacity]).catch(() => {})
      }
    },
    async recent () {
      const { rows } = await run<{ seq: string, entry: Record<string, unknown> }>(RECENT, [capacity])
      return rows.reverse().map((r) => ({ ...r.entry, seq: Number(r.seq) }))
    },
    async remove (seqs) {
      const { rowCount } = await run(DELETE, [seqs])
      return rowCount ?? 0
    },
  }
}
