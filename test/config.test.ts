import t from 'tap'
import { readConfig } from '../src/config.js'
import { defaultOptions } from '../src/server.js'

t.test('defaults: port 8080 on 127.0.0.1, file store, info logs', async (t) => {
  const config = readConfig([], {})
  t.same({ port: config.port, host: config.host, help: config.help }, { port: 8080, host: '127.0.0.1', help: false })
  t.same(config.options, defaultOptions)
})

t.test('the environment configures, and flags win over it', async (t) => {
  const env = { PORT: '9000', HOST: '0.0.0.0', SANDBOX_DATA_DIR: '/tmp/d', SANDBOX_IN_MEMORY: 'true', LOG_LEVEL: 'warn', SANDBOX_CONTRACT: '1' }
  const fromEnv = readConfig([], env)
  t.same([fromEnv.port, fromEnv.host, fromEnv.options.dataDir, fromEnv.options.inMemory, fromEnv.options.logLevel, fromEnv.options.contract],
    [9000, '0.0.0.0', '/tmp/d', true, 'warn', true])
  const flags = readConfig(['--port', '9100', '--host', '127.0.0.2', '--data-dir', '/tmp/e', '--log-level', 'error'], env)
  t.same([flags.port, flags.host, flags.options.dataDir, flags.options.logLevel], [9100, '127.0.0.2', '/tmp/e', 'error'])
  t.equal(readConfig(['--in-memory'], {}).options.inMemory, true)
  t.equal(readConfig(['--admin-token', 'secret-token'], { SANDBOX_ADMIN_TOKEN: 'other-token' }).options.adminToken, 'secret-token')
  t.equal(readConfig([], { SANDBOX_ADMIN_TOKEN: 'other-token' }).options.adminToken, 'other-token')
  t.equal(readConfig([], {}).options.adminToken, undefined, 'no admin token unless configured')
  t.equal(readConfig(['--journal-size', '0'], {}).options.journalSize, 0)
  t.same([readConfig(['--customers', '100000', '--seed', '42'], {}).options.customers, readConfig([], { SANDBOX_SEED: '42' }).options.seed], [100000, 42])
  t.same(readConfig(['--latency', '50-200', '--latency-ops', 'getCustomerProfiles=10'], {}).options.latency,
    { global: { min: 50, max: 200 }, operations: { getCustomerProfiles: { min: 10, max: 10 } } })
  t.equal(readConfig(['-h'], {}).help, true)
})

t.test('own APIs: --specs takes a file or a folder, --behaviours a folder, --watch and --max-tenants', async (t) => {
  const flags = readConfig(['--specs', 'my/api.yaml', '--behaviours', 'my/behaviours', '--watch', '--max-tenants', '50'], {})
  t.same([flags.options.specsDir, flags.options.behavioursDir, flags.watch, flags.options.maxTenants], ['my/api.yaml', 'my/behaviours', true, 50])
  const env = readConfig([], { SANDBOX_SPECS_DIR: 'specs2', SANDBOX_BEHAVIOURS_DIR: 'b2', SANDBOX_WATCH: 'yes', SANDBOX_MAX_TENANTS: '7' })
  t.same([env.options.specsDir, env.options.behavioursDir, env.watch, env.options.maxTenants], ['specs2', 'b2', true, 7])
  const plain = readConfig([], {})
  t.same([plain.options.behavioursDir, plain.watch, plain.options.maxTenants], [undefined, false, 10000], 'no behaviours, no watching, 10000 tenants by default')
  t.throws(() => readConfig([], { SANDBOX_WATCH: 'often' }), { name: 'OptionsError', message: 'SANDBOX_WATCH must be true or false, not "often"' })
})

const bad: Array<[string, string[], Record<string, string>, RegExp]> = [
  ['a port that is not a number', ['--port', 'http'], {}, /^port must be a whole number from 0 to 65535, not "http"$/],
  ['a port out of range', [], { PORT: '70000' }, /^port must be a whole number/],
  ['an unknown log level', ['--log-level', 'loud'], {}, /^log level "loud" is not one of fatal, error, warn, info, debug, trace, silent$/],
  ['an unknown flag', ['--colour'], {}, /^Unknown option '--colour'.*\(see --help\)$/],
  ['a flag without its value', ['--port'], {}, /--port.*\(see --help\)$/],
  ['a journal size that is not a number', [], { SANDBOX_JOURNAL_SIZE: 'lots' }, /^journal size must be a whole number, not "lots"$/],
  ['a latency range upside down', ['--latency', '200-50'], {}, /^latency must be milliseconds "N" or a range "MIN-MAX" up to 30000, not "200-50"$/],
  ['an operation latency without its operation', [], { SANDBOX_LATENCY_OPS: '=5' }, /^operation latency must be "operationId=MS"/],
  ['a seed that is not a number', ['--seed', 'abc'], {}, /^seed must be a whole number, not "abc"$/],
  ['a yes/no variable with another word', [], { SANDBOX_IN_MEMORY: 'maybe' }, /^SANDBOX_IN_MEMORY must be true or false, not "maybe"$/],
]
for (const [name, argv, env, message] of bad) {
  t.test(`${name} stops the start with a one-line reason`, async (t) => {
    t.throws(() => readConfig(argv, env), { name: 'OptionsError', message })
  })
}
