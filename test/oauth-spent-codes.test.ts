import t from 'tap'
import { SpentCodes, keepSpentCodes, spentCodesOf } from '../src/auth/spent-codes.js'
import { readConfig } from '../src/config.js'

t.test('spent codes are bounded: past --spent-codes the oldest is forgotten, the newest still revoke', async (t) => {
  const now = 1_000
  const spent = new SpentCodes(() => now, 2)
  spent.remember('code-a', ['a1'], now + 120_000)
  spent.remember('code-b', ['b1'], now + 120_000)
  spent.remember('code-c', ['c1', 'c2'], now + 120_000)
  t.equal(spent.size, 2)
  t.equal(spent.take('code-a'), undefined, 'the oldest was forgotten')
  t.same(spent.take('code-c'), ['c1', 'c2'])
  t.same(spent.take('code-b'), ['b1'])
  t.equal(spent.take('code-b'), undefined, 'told once')
})

t.test('a token keeper\'s spent codes take the configured bound', async (t) => {
  const keeper = { clock: () => 5 }
  keepSpentCodes(keeper, 1)
  const spent = spentCodesOf(keeper)
  spent.remember('one', ['x'], 100)
  spent.remember('two', ['y'], 100)
  t.equal(spent.size, 1)
  t.same(spent.take('two'), ['y'])
})

t.test('--spent-codes and SANDBOX_SPENT_CODES set the bound; the default is 10000', async (t) => {
  t.equal(readConfig([], {}).options.spentCodes, 10_000)
  t.equal(readConfig(['--spent-codes', '50'], {}).options.spentCodes, 50)
  t.equal(readConfig([], { SANDBOX_SPENT_CODES: '70' }).options.spentCodes, 70)
})
