import { readFileSync } from 'node:fs'
import { readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'

/** The lock file in a data folder: who owns the folder. */
export const LOCK_FILE = 'owner.lock'
/** How often the owner marks the lock as live, and after how long an owner on another host counts as gone. */
const HEARTBEAT_MS = 5_000
const STALE_MS = 20_000

interface Owner { pid: number, host: string, started: string }

/** The folders this process owns (a lock file naming this process is otherwise a stale one). */
const held = new Set<string>()

/** A second process on a data folder: the sandbox refuses to start (exit 2). */
export class FolderInUse extends Error {
  override name = 'FolderInUse'
}

/** When a process started (field 22 of /proc/PID/stat), to tell it from a later one with its pid. */
function startOf (pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? ''
  } catch {
    return ''
  }
}

function isAlive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Whether the lock's owner still runs: on this host by its pid and start; elsewhere by its heartbeat. */
async function ownerLives (owner: Owner, path: string): Promise<boolean> {
  if (owner.host === hostname()) {
    return owner.pid !== process.pid && isAlive(owner.pid) && (owner.started === '' || startOf(owner.pid) === owner.started)
  }
  const { mtimeMs } = await stat(path)
  return Date.now() - mtimeMs < STALE_MS
}

async function readOwner (path: string): Promise<Owner | undefined> {
  try {
    const owner = JSON.parse(await readFile(path, 'utf8')) as Partial<Owner>
    if (typeof owner.pid === 'number' && typeof owner.host === 'string') return { pid: owner.pid, host: owner.host, started: String(owner.started ?? '') }
  } catch { /* unreadable: a lock cut short by a crash */ }
  return undefined
}

/**
 * Makes this process the one owner of a data folder. A lock whose owner is gone (a `kill -9`)
 * is taken over at once; one whose owner runs makes this throw FolderInUse. Resolves to the
 * release function.
 */
export async function lockFolder (dir: string): Promise<() => Promise<void>> {
  const path = join(dir, LOCK_FILE)
  const key = resolve(dir)
  if (held.has(key)) throw new FolderInUse(`data folder ${dir} is already in use by this process (pid ${process.pid})`)
  const me: Owner = { pid: process.pid, host: hostname(), started: startOf(process.pid) }
  const text = JSON.stringify(me)
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(path, text, { flag: 'wx' })
      break
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt === 3) throw err
    }
    const owner = await readOwner(path)
    if (owner !== undefined && await ownerLives(owner, path).catch(() => false)) {
      throw new FolderInUse(`data folder ${dir} is in use by process ${owner.pid} on ${owner.host}; stop it or choose another --data-dir`)
    }
    // The owner is gone: its lock is moved aside (one starter wins the rename) and taken anew.
    await rename(path, `${path}.stale-${process.pid}`).catch(() => {})
    await unlink(`${path}.stale-${process.pid}`).catch(() => {})
  }
  const heartbeat = setInterval(() => {
    const now = new Date()
    utimes(path, now, now).catch(() => {})
  }, HEARTBEAT_MS)
  heartbeat.unref()
  held.add(key)
  return async () => {
    clearInterval(heartbeat)
    held.delete(key)
    if (await readFile(path, 'utf8').catch(() => '') === text) await unlink(path).catch(() => {})
  }
}
