import { createHash } from 'node:crypto'
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { APPEND, FileLog } from './file-log.js'
import { lockFolder } from './folder-lock.js'
import { OpenFiles } from './open-files.js'
import type { Persistence, StoreLogger } from './persistence.js'

/** The hash a tenant's files are named by: tenant ids never reach the file system. */
export function tenantFileStem (tenantKey: string): string {
  return createHash('sha256').update(tenantKey).digest('hex').slice(0, 32)
}

/** A tenant's log file (`.jsonl`), or the whole-tenant JSON file of an older version (`.json`). */
const TENANT_FILE = /^([0-9a-f]{32})\.jsonl?$/

export interface FilePersistenceOptions {
  fsync: boolean
  logger: StoreLogger
  /** Tenant logs held open for appending at once (default 256); more tenants reopen their file. */
  openFiles?: number
}

/**
 * The embedded engine: one append-only log per tenant in one data folder, which this process
 * owns while it runs (a second process on the folder refuses to start).
 */
export async function filePersistence (dir: string, options: FilePersistenceOptions): Promise<Persistence> {
  const release = await lockFolder(dir)
  const files = new OpenFiles(options.openFiles ?? 256, APPEND)
  return {
    engine: options.fsync ? 'files (fsync)' : 'files',
    log (tenantKey) {
      const stem = tenantFileStem(tenantKey)
      return new FileLog({ path: join(dir, `${stem}.jsonl`), legacyPath: join(dir, `${stem}.json`), tenant: tenantKey, fsync: options.fsync, logger: options.logger, files })
    },
    async clearAllExcept (keep) {
      const kept = new Set([...keep].map(tenantFileStem))
      const names = (await readdir(dir)).filter((name) => {
        const stem = TENANT_FILE.exec(name)?.[1]
        return stem !== undefined && !kept.has(stem)
      })
      await Promise.all(names.map((name) => rm(join(dir, name), { recursive: true, force: true })))
    },
    async close () {
      files.closeAll()
      await release()
    },
  }
}
