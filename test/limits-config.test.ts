import t from 'tap'
import { HELP, readConfig } from '../src/config.js'
import { LIMITS, buildServer, defaultOptions } from '../src/server.js'

// Every bound a client can push against is a flag with an environment variable, in --help, checked at build.

/** Each bound's flag and variable, by the convention: journalEntryBytes → --journal-entry-bytes, SANDBOX_JOURNAL_ENTRY_BYTES. */
const FLAGS = LIMITS.map(([key]) => {
  const words = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
  return [`--${words}`, `SANDBOX_${words.replace(/-/g, '_').toUpperCase()}`, key] as const
})

t.test('each bound has a flag, an environment variable and a line in --help; the flag wins', async (t) => {
  t.ok(FLAGS.length >= 8, 'the bounds are listed')
  for (const [flag, variable, key] of FLAGS) {
    t.match(HELP, flag, `${flag} is in --help`)
    t.match(HELP, variable, `${variable} is in --help`)
    t.equal(readConfig([flag, '5000'], { [variable]: '7000' }).options[key], 5000, `${flag} wins`)
    t.equal(readConfig([], { [variable]: '7000' }).options[key], 7000, `${variable} configures`)
    t.equal(readConfig([], {}).options[key], defaultOptions[key], `${flag} defaults to ${String(defaultOptions[key])}`)
    t.throws(() => readConfig([flag, '1k'], {}), { message: `${flag} must be a whole number, not "1k"` })
  }
})

t.test('bounds out of range, or a headers timeout over the request timeout, fail the build', async (t) => {
  await t.rejects(buildServer({ inMemory: true, logLevel: 'silent', maxConnections: 1 }), { message: 'max connections must be a whole number from 16 to 1000000, not "1"' })
  await t.rejects(buildServer({ inMemory: true, logLevel: 'silent', bodyLimit: 10 }), { message: 'body limit must be a whole number from 1024 to 104857600, not "10"' })
  await t.rejects(buildServer({ inMemory: true, logLevel: 'silent', requestTimeout: 2000, headersTimeout: 5000 }),
    { message: 'headers timeout (5000 ms) must not be longer than the request timeout (2000 ms)' })
})

t.test('the server takes the bounds it is given', async (t) => {
  const app = await buildServer({ inMemory: true, logLevel: 'silent', requestTimeout: 20_000, headersTimeout: 5000, maxConnections: 100, bodyLimit: 4096 })
  t.teardown(() => app.close())
  t.same([app.server.requestTimeout, app.server.headersTimeout, app.server.maxConnections, app.initialConfig.bodyLimit], [20_000, 5000, 100, 4096])
})
