// Plans' regular expressions run on RE2JS (RE2's engine in JavaScript): matching takes time linear
// in the value's length, whatever the pattern, so a pattern cannot hang the server (no
// backtracking; back-references and look-arounds are refused when the plan is made).
// Loaded on the first plan that has a pattern: a sandbox without any never pays for it.

type Re2 = typeof import('re2js').RE2JS

let re2: Re2 | undefined
let loading: Promise<Re2> | undefined

export function loadRegex (): Promise<Re2> {
  loading ??= import('re2js').then((module) => (re2 = module.RE2JS))
  return loading
}

/** Whether patterns can be compiled now (else `loadRegex()` first). */
export function regexReady (): boolean {
  return re2 !== undefined
}

/** A test of a pattern against a value (the whole pattern may match anywhere in it, as RegExp.test). */
export type RegexTest = (value: string) => boolean

/** Compiles a pattern; throws with RE2's reason when it is not valid RE2 syntax. */
export function compileRegex (pattern: string): RegexTest {
  if (re2 === undefined) throw new Error('the regular expression engine is not loaded: await loadRegex() first')
  const compiled = re2.compile(pattern)
  return (value) => compiled.matcher(value).find()
}
