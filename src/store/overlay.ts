import { createHash } from 'node:crypto'
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
export function filePersistence (dir: string): Persistence {
  return { open: async (tenantId) => openWith(new JSONFile<OverlayData>(join(dir, overlayFileName(tenantId)))) }
}

export function memoryPersistence (): Persistence {
  return { open: async () => openWith(new Memory<OverlayData>()) }
}
