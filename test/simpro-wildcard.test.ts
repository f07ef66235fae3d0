import t from 'tap'
import { wildcardMatcher } from '../src/apis/simpro/wildcard.js'

const cases: Array<[pattern: string, text: string, matches: boolean]> = [
  ['gold', 'gold', true],
  ['gold', 'golden', false],
  ['%', '', true],
  ['%', 'anything', true],
  ['%%', 'x', true],
  ['go%', 'gold', true],
  ['go%', 'ago', false],
  ['%ld', 'gold', true],
  ['%ld', 'golden', false],
  ['%ol%', 'gold', true],
  ['%ol%', 'olive', true],
  ['g%d', 'gd', true],
  ['g%d', 'gold', true],
  ['g%d', 'goldie', false],
  ['ab%ba', 'aba', false],
  ['ab%ba', 'abba', true],
  ['a%b%c', 'aXbYc', true],
  ['a%b%c', 'acb', false],
  ['a%b%b', 'abb', true],
  ['a%b%b', 'ab', false],
  ['%a%a%a%', 'banana', true],
  ['%a%a%a%a%', 'banana', false],
  ['', '', true],
  ['', 'x', false],
]

for (const [pattern, text, matches] of cases) {
  t.test(`"${pattern}" ${matches ? 'matches' : 'does not match'} "${text}"`, async (t) => {
    t.equal(wildcardMatcher(pattern)(text), matches)
  })
}

t.test('pathological patterns cost time linear in the text', async (t) => {
  const text = 'a'.repeat(100_000)
  const pattern = '%a'.repeat(5_000) + '%b'
  const started = process.hrtime.bigint()
  t.equal(wildcardMatcher(pattern)(text), false)
  t.equal(wildcardMatcher('%' + 'a'.repeat(50) + '%' + 'a'.repeat(50) + 'b')(text), false)
  // Thousands of middle pieces, each found, then one that is not: one pass over the text.
  t.equal(wildcardMatcher('%' + 'ab%'.repeat(3000) + 'x%')('ab'.repeat(50_000)), false)
  t.equal(wildcardMatcher('%' + 'ab%'.repeat(3000))('ab'.repeat(50_000)), true)
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  t.ok(ms < 1000, `answered in ${ms.toFixed(1)} ms`)
})
