// The embedded engine's tenant-isolation and control tests, run again on the PostgreSQL engine:
// each file in a child process with SANDBOX_TEST_STORE set (each test of the file then gets a
// database of its own on this server). test/control.test.ts passes too except for its one test
// that counts tenant files in a data folder, so it is not in the list.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { serverUrl } from './pg-helpers.js'

// Each file runs in a process of its own from the TypeScript sources: more than one file's default time on a busy machine.
t.setTimeout(600_000)

const FILES = ['citi-resources.test.ts', 'citi-updates.test.ts', 'regression-hardening.test.ts']

for (const file of FILES) {
  t.test(`test/${file} passes on the PostgreSQL engine`, async (t) => {
    const path = fileURLToPath(new URL(`../${file}`, import.meta.url))
    const child = spawn(process.execPath, [...process.execArgv, path], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SANDBOX_TEST_STORE: serverUrl('postgres'), TAP_REPORTER: 'tap' } })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString() })
    child.stderr.on('data', (chunk: Buffer) => { out += chunk.toString() })
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    const failed = out.split('\n').filter((line) => /^\s*not ok /.test(line))
    t.same(failed, [], 'no failing assertion')
    t.equal(code, 0, `exit code 0${code === 0 ? '' : `: ${out.slice(-2000)}`}`)
    t.match(out, /^# \{ total: \d+, pass: \d+ \}$|^ok \d+/m, 'the file ran its tests')
  })
}
