import type { Behaviours } from '../engine/handler-types.js'
import { imiconnect } from './imiconnect/index.js'
import { wm } from './wm/index.js'

/** Genuine per-API behaviours, by the API id of the spec's `x-sandbox` block. */
export const behaviours: Readonly<Record<string, Behaviours>> = { wm, imiconnect }
