import type { Dialect } from './types.js'
import { asseco } from './asseco.js'
import { citi } from './citi.js'
import { imiconnect } from './imiconnect.js'
import { oauth2 } from './oauth2.js'
import { sandbox } from './sandbox.js'
import { simpro } from './simpro.js'
import { wm } from './wm.js'

/** Every dialect by the name a spec's `x-sandbox.dialect` uses. */
export const dialects: ReadonlyMap<string, Dialect> = new Map([wm, imiconnect, oauth2, sandbox, simpro, asseco, citi].map((d) => [d.name, d]))

export { sandbox as sandboxDialect }
