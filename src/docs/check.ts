import { SpecError, type LoadedSpec } from '../spec/load.js'
import type { OpenApiDocument } from '../spec/types.js'
import { applyPrefill } from './prefill.js'

/** The spec's `x-sandbox.seed`, checked: the seed document shown on /docs. */
export function seedOf (raw: OpenApiDocument, file: string): { file: string, title: string } | undefined {
  const seed = raw['x-sandbox']?.seed
  if (seed !== undefined && (typeof seed?.file !== 'string' || typeof seed.title !== 'string')) {
    throw new SpecError(file, 'x-sandbox.seed must be {file, title}: the seed document\'s file name and what it is')
  }
  return seed
}

/**
 * The playground's extensions checked when the spec is compiled (by the build, or at start),
 * though the docs themselves are built on their first request: a bad one fails early.
 */
export function checkDocsExtensions (spec: LoadedSpec): void {
  seedOf(spec.raw, spec.file)
  applyPrefill(structuredClone(spec.raw), spec.file)
}
