import { createHash } from 'node:crypto'
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Low, Memory, type Adapter } from 'lowdb'
import { JSONFile } from 'lowdb/node'

/**
 * What one tenant changed: records by collection and id (null marks a deletion) and the
 * counters it allocated ids from. Everything else comes from the shared base data.
 */
export interface OverlayData {
  records: Record<string, Record<string, unknown>>
  counters: Record<string, number>
}

export type OverlayDb = Low<OverlayData>

export interface Persistence {
  /** Opens (and reads) the overlay of one tenant. */
  open: (tenantId: string) => Promise<OverlayDb>
  /** Forgets one tenant's overlay. */
  drop: (tenantId: string) => Promise<void>
  /** Forgets every tenant's overlay, of every API. */
  dropAll: () => Promise<void>
}

const empty = (): OverlayData => ({ records: {}, counters: {} })

/** File name from a hash of the tenant id: tenant ids never reach the file system. */
export function overlayFileName (tenantId: string): string {
  return createHash('sha256').update(tenantId).digest('hex').slice(0, 32) + '.json'
}

async function openWith (adapter: Adapter<OverlayData>): Promise<OverlayDb> {
  const db = new Low(adapter, empty())
  await db.read()
  db.data.records ??= {}
  db.data.counters ??= {}
  return db
}

/** One lowdb JSON file per tenant; lowdb's writer replaces files atomically and coalesces writes. */
const OVERLAY_FILE = /^[0-9a-f]{32}\.json$/

export function filePersistence (dir: string): Persistence {
  return {
    open: async (tenantId) => openWith(new JSONFile<OverlayData>(join(dir, overlayFileName(tenantId)))),
    drop: async (tenantId) => rm(join(dir, overlayFileName(tenantId)), { force: true }),
    async dropAll () {
      const names = (await readdir(dir)).filter((n) => OVERLAY_FILE.test(n))
      await Promise.all(names.map((n) => rm(join(dir, n), { force: true })))
    },
  }
}

export function memoryPersistence (): Persistence {
  return { open: async () => openWith(new Memory<OverlayData>()), drop: async () => {}, dropAll: async () => {} }
}
