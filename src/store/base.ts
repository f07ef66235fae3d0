import { readdir, readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'

/** An API's base data: collection name → record id → record. Loaded once, frozen, shared by all tenants. */
export type BaseData = ReadonlyMap<string, ReadonlyMap<string, unknown>>

/** Freezes a value and everything inside it: shared records can never be changed in place. */
export function deepFreeze<T> (value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}

/** Reads `fixtures/<api>/data/<collection>.json`, each an object of records by id. */
export async function loadBaseData (fixturesDir: string, apiId: string): Promise<Map<string, ReadonlyMap<string, unknown>>> {
  const dir = join(fixturesDir, apiId, 'data')
  let names: string[]
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort()
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map()
    throw err
  }
  const data = new Map<string, ReadonlyMap<string, unknown>>()
  for (const name of names) {
    const parsed = JSON.parse(await readFile(join(dir, name), 'utf8')) as unknown
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error(`fixture ${apiId}/data/${name} must be an object of records by id`)
    }
    data.set(basename(name, '.json'), new Map(Object.entries(deepFreeze(parsed))))
  }
  return data
}
