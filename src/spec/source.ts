import { checkDocsExtensions } from '../docs/check.js'
import { compileApis } from './apis.js'
import { findBuild, type Prebuilt } from './built.js'
import type { ApiDef } from './compile.js'
import { parsedSpec, readSpecTexts } from './load.js'

export interface LoadedApis {
  apis: ApiDef[]
  /** The build's validators and serializers, when the specs are those it was made from. */
  prebuilt?: Prebuilt
  /** Set when the specs are compiled at start: why (one line, for the log). */
  note?: string
}

/**
 * The APIs of a specs folder: read back from the build when it was made from these very
 * files (by content hash), else compiled now as the build would (a user's own specs).
 */
export async function loadApis (specsDir: string, buildDir: string): Promise<LoadedApis> {
  const texts = await readSpecTexts(specsDir)
  const build = await findBuild(buildDir, texts)
  if ('prebuilt' in build) return { apis: compileApis(build.prebuilt.specs), prebuilt: build.prebuilt }
  const specs = await Promise.all(texts.map(parsedSpec))
  const apis = compileApis(specs)
  for (const spec of specs) checkDocsExtensions(spec)
  return { apis, note: `the specs in ${specsDir} are compiled at start (${build.stale})` }
}
