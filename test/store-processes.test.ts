// The store across processes: acknowledged writes survive `kill -9` (several rounds under write
// load), and a data folder has one owner process at a time.
import { spawn } from 'node:child_process'
import { readdir } from 'node:fs/promises'
import t from 'tap'
import { dataFolder, request } from './http-helpers.js'
import { MAIN, exited, startSandboxProcess, type SandboxProcess } from './process-helpers.js'

// Child processes compile the TypeScript sources as they start: on a busy machine that takes a
// while (a run at load average 17 took 401 s, past an earlier 300 s bound, every assertion passing).
t.setTimeout(600_000)

const SIMPRO = '/api/v1.0/companies/0/setup/customerProfiles/'
const TOKENS = ['simpro-sandbox-token', 'simpro-sandbox-token-2']
const WM_TICKETS = '/api/v1/customers/156714543005/tickets'
const WM = { 'request-tracking-id': '1', authorization: 'Basic b2NzdXNlcjpvY3N1c2Vy', profileid: 'eBiz_215' }

/** Starts the sandbox from its sources on `dataDir`; resolves once it listens. */
const start = (dataDir: string): Promise<SandboxProcess> => startSandboxProcess(['--data-dir', dataDir])

t.test('every write acknowledged before a kill -9 is readable after a restart (4 rounds under write load)', async (t) => {
  const dataDir = await dataFolder(t)
  const acknowledged: Array<{ token: string, id: number, name: string }> = []
  const tickets: string[] = []
  for (let round = 0; round < 4; round++) {
    const server = await start(dataDir)
    t.teardown(() => { server.process.kill('SIGKILL') })
    let killed = false
    let n = 0
    // 16 clients write as fast as they are answered until the process is killed under them.
    const client = async (c: number): Promise<void> => {
      while (!killed) {
        const i = n++
        try {
          if (c % 4 === 3) {
            const res = await request(server.url, 'POST', WM_TICKETS, { headers: WM, body: { reason_code: 'RES', service: { id: 1, code: '6FL' } } })
            if (res.status === 200) tickets.push((res.body as { transaction_id: string }).transaction_id)
            continue
          }
          const token = TOKENS[c % 2]!
          const name = `round ${round} write ${i}`
          const res = await request(server.url, 'POST', SIMPRO, { headers: { authorization: `Bearer ${token}` }, body: { Name: name } })
          if (res.status === 201) acknowledged.push({ token, id: (res.body as { ID: number }).ID, name })
          else t.fail(`unexpected ${res.status}: ${res.text}`)
        } catch {
          // The connection broke: the process was killed; this write was never acknowledged.
        }
      }
    }
    const clients = Array.from({ length: 16 }, (_, c) => client(c))
    await new Promise((resolve) => setTimeout(resolve, 700 + round * 150))
    server.process.kill('SIGKILL')
    killed = true
    await Promise.all(clients)
    await exited(server.process)
  }
  t.ok(acknowledged.length > 100, `${acknowledged.length} profile writes and ${tickets.length} tickets were acknowledged`)
  const again = await start(dataDir)
  t.teardown(() => { again.process.kill('SIGKILL') })
  for (const token of TOKENS) {
    const names = new Map<number, string>()
    for (let page = 1; ; page++) {
      const res = await request(again.url, 'GET', `${SIMPRO}?pageSize=250&page=${page}`, { headers: { authorization: `Bearer ${token}` } })
      t.equal(res.status, 200, 'the tenant file is readable')
      for (const r of res.body as Array<{ ID: number, Name: string }>) names.set(r.ID, r.Name)
      if (page >= Number(res.headers.get('result-pages'))) break
    }
    const mine = acknowledged.filter((a) => a.token === token)
    const missing = mine.filter((a) => names.get(a.id) !== a.name)
    t.same(missing, [], `every acknowledged write of ${token} is there (${mine.length})`)
  }
  const next = await request(again.url, 'POST', WM_TICKETS, { headers: WM, body: { reason_code: 'RES', service: { id: 1, code: '6FL' } } })
  t.equal(next.status, 200)
  const issued = Number((next.body as { transaction_id: string }).transaction_id)
  t.ok(tickets.every((id) => Number(id) < issued), 'no acknowledged ticket number is given again')
  t.notOk((await readdir(dataDir)).some((name) => name.endsWith('.tmp') && !name.startsWith('.')), 'no stray file')
  again.process.kill('SIGTERM')
  t.equal(await exited(again.process), 0, 'a normal stop exits 0')
})

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
