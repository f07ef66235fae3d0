import { createRequire } from 'node:module'
import type { Ajv, Options } from 'ajv'
import type addFormatsModule from 'ajv-formats'

// ajv is loaded on first use: a server started from the build's standalone validators never needs it.
const require = createRequire(import.meta.url)

export function createAjv (options: Options): Ajv {
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv')
  // ajv-formats is CommonJS with a default export.
  const addFormats = require('ajv-formats') as typeof addFormatsModule.default
  const ajv = new AjvClass({ strict: false, allErrors: false, removeAdditional: false, ...options })
  addFormats(ajv)
  return ajv
}
