// A data folder the sandbox's user may not write (a root-owned volume mounted into the image,
// which runs as uid 1000) stops the start with exit 2 and one line saying what to do.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { MAIN, exited } from './process-helpers.js'

// Only root can start a process as another user; root itself may write anywhere.
const SETPRIV = '/usr/bin/setpriv'
const canSwitch = process.getuid?.() === 0 && existsSync(SETPRIV) && existsSync('/usr/bin/env')

t.test('a folder owned by another user: exit 2, one line naming the folder, the uid and the fix', { skip: canSwitch ? false : 'needs root and setpriv to run the sandbox as another user' }, async (t) => {
  const parent = await mkdtemp(join(tmpdir(), 'sandbox-access-'))
  t.teardown(() => rm(parent, { recursive: true, force: true }))
  await chmod(parent, 0o755)
  const dataDir = join(parent, 'data')
  await mkdir(dataDir, { mode: 0o755 })
  // tap's process-info hook (which it adds to every child's NODE_OPTIONS) would write into the
  // project as that user at exit: only the loaders go along, through env -u NODE_OPTIONS.
  const loaderFlags = process.execArgv.filter((flag) => !flag.includes('@tapjs/processinfo'))
  const child = spawn(SETPRIV, ['--reuid=65534', '--regid=65534', '--clear-groups', '/usr/bin/env', '-u', 'NODE_OPTIONS', process.execPath, ...loaderFlags, MAIN, '--port', '0', '--data-dir', dataDir],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: parent } })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  t.equal(await exited(child), 2)
  t.equal(stderr, `profile-sandbox: data folder ${dataDir} is not writable by uid 65534 (EACCES): chown it to that user, run as its owner, or choose another --data-dir\n`)
})
