import type { RouteRow } from '../spec/compile.js'

/** A string `x-sandbox-*` extension of an operation, or a boot failure naming it when required. */
export function stringExtension (row: RouteRow, name: `x-sandbox-${string}`, required: true): string
export function stringExtension (row: RouteRow, name: `x-sandbox-${string}`, required?: false): string | undefined
export function stringExtension (row: RouteRow, name: `x-sandbox-${string}`, required = false): string | undefined {
  const value = row.operation[name]
  if (value === undefined && !required) return undefined
  if (typeof value !== 'string' || value === '') {
    throw new Error(`spec ${row.api.spec.file}: ${row.operationId} needs ${name} (a string) for handler ${row.handler}`)
  }
  return value
}

/** The path parameter that names the resource: `x-sandbox-id-param`, else the last one in the path. */
export function idParam (row: RouteRow): string | undefined {
  return stringExtension(row, 'x-sandbox-id-param') ?? [...row.path.matchAll(/\{([^}]+)\}/g)].at(-1)?.[1]
}

/** A whole-number `x-sandbox-*` extension of an operation (at least 1), else the fallback; anything else fails the boot naming it. */
export function wholeExtension (row: RouteRow, name: `x-sandbox-${string}`, fallback: number, unit: string): number {
  const given = row.operation[name]
  const value = given === undefined ? fallback : given
  if (!Number.isInteger(value) || (value as number) < 1) {
    throw new Error(`spec ${row.api.spec.file}: ${row.operationId}: ${name} must be a whole number of ${unit}, at least 1`)
  }
  return value as number
}
