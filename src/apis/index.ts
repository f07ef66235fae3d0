import type { Finisher } from '../data/types.js'
import type { Behaviours } from '../engine/handler-types.js'
import { citi } from './citi/index.js'
import { imiconnect, imiconnectFinishers } from './imiconnect/index.js'
import { wm, wmFinishers } from './wm/index.js'

/** Genuine per-API behaviours, by the API id of the spec's `x-sandbox` block. */
export const behaviours: Readonly<Record<string, Behaviours>> = { wm, imiconnect, citi }

/** Per-API finishers of generated records, by the name `x-sandbox.generate.<collection>.finish` uses. */
export const finishers: Readonly<Record<string, Readonly<Record<string, Finisher>>>> = { wm: wmFinishers, imiconnect: imiconnectFinishers }
