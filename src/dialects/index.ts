import type { Dialect } from './types.js'
import { imiconnect } from './imiconnect.js'
import { sandbox } from './sandbox.js'
import { wm } from './wm.js'

/** Every dialect by the name a spec's `x-sandbox.dialect` uses. */
export const dialects: ReadonlyMap<string, Dialect> = new Map([wm, imiconnect, sandbox].map((d) => [d.name, d]))

export { sandbox as sandboxDialect }
