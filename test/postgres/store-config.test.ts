// Choosing the store: --store, SANDBOX_STORE, DATABASE_URL, and what they mean with --in-memory.
import t from 'tap'
import { readConfig } from '../../src/config.js'

const URL_A = 'postgres://sandbox@db-a:5432/sandbox'
const URL_B = 'postgres://sandbox@db-b:5432/sandbox'

t.test('the flag wins over SANDBOX_STORE, which wins over DATABASE_URL', async (t) => {
  t.equal(readConfig(['--store', URL_A], { SANDBOX_STORE: URL_B, DATABASE_URL: URL_B }).options.store, URL_A)
  t.equal(readConfig([], { SANDBOX_STORE: URL_A, DATABASE_URL: URL_B }).options.store, URL_A)
  t.equal(readConfig([], { DATABASE_URL: URL_A }).options.store, URL_A)
  t.equal(readConfig([], {}).options.store, undefined, 'none: the data folder')
  t.equal(readConfig(['--store-pool', '32'], {}).options.storePool, 32)
})

t.test('--in-memory keeps DATABASE_URL out, and cannot be combined with a chosen store', async (t) => {
  const config = readConfig(['--in-memory'], { DATABASE_URL: URL_A })
  t.same([config.options.inMemory, config.options.store], [true, undefined])
  t.throws(() => readConfig(['--in-memory', '--store', URL_A], {}), { name: 'OptionsError', message: '--store and --in-memory exclude each other: choose one store' })
  t.throws(() => readConfig([], { SANDBOX_IN_MEMORY: 'true', SANDBOX_STORE: URL_A }), { name: 'OptionsError' })
})

t.test('a store that is not a postgres:// URL is refused with one line', async (t) => {
  t.throws(() => readConfig(['--store', 'mysql://x@y/z'], {}), { name: 'OptionsError', message: 'store must be a postgres:// URL (the data folder is the default store)' })
  t.throws(() => readConfig(['--store-pool', 'many'], {}), { name: 'OptionsError', message: '--store-pool must be a whole number, not "many"' })
})
