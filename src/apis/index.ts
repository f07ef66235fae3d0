import type { Finisher } from '../data/types.js'
import type { Behaviours } from '../engine/handler-types.js'
import { citi } from './citi/index.js'
import { imiconnect, imiconnectFinishers } from './imiconnect/index.js'
import { simpro } from './simpro/index.js'
import { wm, wmFinishers } from './wm/index.js'
import { asseco, assecoFinishers } from './asseco/index.js'

/** Genuine per-API behaviours, by the API id of the spec's `x-sandbox` block. */
export const behaviours: Readonly<Record<string, Behaviours>> = { wm, imiconnect, simpro, asseco, citi }

/** Per-API finishers of generated records, by the name `x-sandbox.generate.<collection>.finish` uses. */
export const finishers: Readonly<Record<string, Readonly<Record<string, Finisher>>>> = { wm: wmFinishers, imiconnect: imiconnectFinishers, asseco: assecoFinishers }
