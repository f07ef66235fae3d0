// `--behaviours DIR`: plain JavaScript modules of custom handlers, loaded at start (and again on
// a reload: each load imports the file's current text). `DIR/<api id>.js` (or `.mjs`) has a
// default export: an object of handler factories, by the operationId they serve or the name an
// operation's `x-sandbox-handler` gives. A factory is called once, at boot, with the operation's
// context ({ row, store, uuid, clock }), and returns the handler:
//   (request, reply, data) => body | undefined (404) | null (no body), or a promise of one.
// `data` is the caller's tenant: get(collection, id), list(collection), transact((tx) => …)
// with tx.get, tx.list, tx.put(collection, id, record), tx.remove(collection, id), tx.allocate(counter, start).

import { readFile, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Behaviours } from '../engine/handler-types.js'
import type { ApiDef } from './compile.js'
import { specHash } from './load.js'

export class BehavioursError extends Error {
  override name = 'BehavioursError'
}

/** Loads `DIR/<api>.js|.mjs` for every API that has one, and gives each API its handlers; a module that names no operation fails. */
export async function loadBehaviours (dir: string, apis: ApiDef[]): Promise<void> {
  let names: string[]
  try {
    if (!(await stat(dir)).isDirectory()) throw new BehavioursError(`--behaviours ${dir} is not a folder`)
    names = await readdir(dir)
  } catch (err) {
    if (err instanceof BehavioursError) throw err
    throw new BehavioursError(`the behaviours folder ${dir} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  const ids = new Set(apis.map((api) => api.id))
  const stray = names.filter((n) => /\.m?js$/.test(n) && !ids.has(n.replace(/\.m?js$/, '')))
  if (stray.length > 0) throw new BehavioursError(`behaviours ${stray.join(', ')}: no API has that id (APIs: ${[...ids].join(', ')})`)
  for (const api of apis) {
    const file = [`${api.id}.js`, `${api.id}.mjs`].find((n) => names.includes(n))
    if (file === undefined) continue
    const path = join(dir, file)
    // The content's hash in the URL: a changed file is imported afresh, an unchanged one is not.
    const url = `${pathToFileURL(path).href}?v=${specHash(await readFile(path, 'utf8')).slice(0, 16)}`
    let module: { default?: unknown }
    try {
      module = await import(url) as { default?: unknown }
    } catch (err) {
      throw new BehavioursError(`behaviours ${file} cannot be loaded: ${(err as Error).message.split('\n')[0]}`)
    }
    const handlers = module.default
    if (handlers === null || typeof handlers !== 'object' || Object.values(handlers).some((f) => typeof f !== 'function')) {
      throw new BehavioursError(`behaviours ${file} must export default an object of handler factories, by operationId or x-sandbox-handler name`)
    }
    const known = new Set(api.rows.flatMap((r) => [r.operationId, r.handler]))
    const unknown = Object.keys(handlers).filter((name) => !known.has(name))
    if (unknown.length > 0) throw new BehavioursError(`behaviours ${file}: ${unknown.join(', ')} is no operationId or x-sandbox-handler of ${api.id}`)
    api.behaviours = handlers as Behaviours
  }
}
