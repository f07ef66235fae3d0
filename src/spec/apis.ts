import { compileApi, type ApiDef } from './compile.js'
import type { LoadedSpec } from './load.js'

/** Every spec compiled into an API; two specs with one id or one path prefix fail, naming both. */
export function compileApis (specs: LoadedSpec[]): ApiDef[] {
  const apis = specs.map(compileApi)
  const ids = new Map<string, string>()
  const prefixes = new Map<string, string>()
  for (const api of apis) {
    const other = ids.get(api.id)
    if (other !== undefined) throw new Error(`spec ${api.spec.file}: x-sandbox.id "${api.id}" is already used by ${other}`)
    ids.set(api.id, api.spec.file)
    for (const prefix of api.prefixes) {
      const owner = prefixes.get(prefix)
      if (owner !== undefined) throw new Error(`spec ${api.spec.file}: path prefix ${prefix} is already served by ${owner}`)
      prefixes.set(prefix, api.spec.file)
    }
  }
  return apis
}
