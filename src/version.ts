import { readFileSync } from 'node:fs'

/** The version in the package's package.json (one folder above src/ and dist/ alike). */
export function packageVersion (): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  return pkg.version
}
