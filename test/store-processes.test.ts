// The store across processes: a data folder has one owner process at a time. (Acknowledged
// writes surviving `kill -9` under write load: test/reliability/kill-restart.test.ts.)
import { spawn } from 'node:child_process'
import t from 'tap'
import { dataFolder, request } from './http-helpers.js'
import { MAIN, exited, startSandboxProcess, type SandboxProcess } from './process-helpers.js'

// Child processes compile the TypeScript sources as they start: on a busy machine that takes a while.
t.setTimeout(300_000)

const SIMPRO = '/api/v1.0/companies/0/setup/customerProfiles/'

/** Starts the sandbox from its sources on `dataDir`; resolves once it listens. */
const start = (dataDir: string): Promise<SandboxProcess> => startSandboxProcess(['--data-dir', dataDir])

t.test('a second process on one data folder refuses to start (exit 2, one line naming the folder and the owner)', async (t) => {
  const dataDir = await dataFolder(t)
  const first = await start(dataDir)
  t.teardown(() => { first.process.kill('SIGKILL') })
  const second = spawn(process.execPath, [...process.execArgv, MAIN, '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  second.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  t.equal(await exited(second), 2)
  t.equal(stderr, `profile-sandbox: data folder ${dataDir} is in use by process ${first.process.pid} on ${(await import('node:os')).hostname()}; stop it or choose another --data-dir\n`)
  // The first one still answers, and a kill -9 of it leaves a lock that does not block the next start.
  t.equal((await request(first.url, 'GET', SIMPRO)).status, 200)
  first.process.kill('SIGKILL')
  await exited(first.process)
  const next = await start(dataDir)
  t.teardown(() => { next.process.kill('SIGKILL') })
  t.equal((await request(next.url, 'GET', SIMPRO)).status, 200)
})
