import { open, rename } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { TextFile } from 'lowdb/node'

/** Flushes a folder's entries (a rename or a new file) to the disk. */
async function syncFolder (folder: string): Promise<void> {
  const handle = await open(folder, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Writes `text` to a file opened with `flags`, and flushes it to the disk before resolving. */
export async function syncFile (path: string, text: string, flags: string | number): Promise<void> {
  const handle = await open(path, flags)
  try {
    await handle.writeFile(text)
    await handle.datasync()
  } finally {
    await handle.close()
  }
}

/**
 * Replaces a file's content at once: readers see the old file or the new one, never a part.
 * lowdb's text adapter does it (a temporary file renamed into place); with `fsync` the new file
 * and the rename are on the disk, not only in the kernel, before this resolves.
 */
export async function replaceFile (path: string, text: string, fsync: boolean): Promise<void> {
  if (!fsync) {
    await new TextFile(path).write(text)
    return
  }
  const temporary = join(dirname(path), `.${basename(path)}.sync.tmp`)
  await syncFile(temporary, text, 'w')
  await rename(temporary, path)
  await syncFolder(dirname(path))
}
