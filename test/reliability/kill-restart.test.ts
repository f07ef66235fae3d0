// Acknowledged writes survive `kill -9` of the sandbox process: rounds of 16 clients writing
// (simPRO profiles, WM tickets) as fast as they are answered until the process is killed under
// them, a restart on the same data folder after each; then every acknowledged write is read back
// and no ticket number is given twice. RELIABILITY_KILL_ROUNDS rounds: 1 in `npm test` (its
// smoke), 4 by default in `npm run test:reliability`.
import { readdir } from 'node:fs/promises'
import t from 'tap'
import { dataFolder, request } from '../http-helpers.js'
import { exited, startSandboxProcess, type SandboxProcess } from '../process-helpers.js'

const ROUNDS = Number(process.env.RELIABILITY_KILL_ROUNDS ?? 1)
if (!Number.isInteger(ROUNDS) || ROUNDS < 1 || ROUNDS > 100) throw new Error(`RELIABILITY_KILL_ROUNDS must be a whole number from 1 to 100, not "${process.env.RELIABILITY_KILL_ROUNDS}"`)

// Each round starts a sandbox process from the TypeScript sources: on a busy machine that takes
// a while (4 rounds at load average 17 took 401 s, every assertion passing).
t.setTimeout(300_000 + ROUNDS * 100_000)

const SIMPRO = '/api/v1.0/companies/0/setup/customerProfiles/'
const TOKENS = ['simpro-sandbox-token', 'simpro-sandbox-token-2']
const WM_TICKETS = '/api/v1/customers/156714543005/tickets'
const WM = { 'request-tracking-id': '1', authorization: 'Basic b2NzdXNlcjpvY3N1c2Vy', profileid: 'eBiz_215' }

/** Starts the sandbox from its sources on `dataDir`; resolves once it listens. */
const start = (dataDir: string): Promise<SandboxProcess> => startSandboxProcess(['--data-dir', dataDir])

t.test(`every write acknowledged before a kill -9 is readable after a restart (${ROUNDS} round${ROUNDS === 1 ? '' : 's'} under write load)`, async (t) => {
  const dataDir = await dataFolder(t)
  const acknowledged: Array<{ token: string, id: number, name: string }> = []
  const tickets: string[] = []
  for (let round = 0; round < ROUNDS; round++) {
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
    await new Promise((resolve) => setTimeout(resolve, 700 + (round % 4) * 150))
    server.process.kill('SIGKILL')
    killed = true
    await Promise.all(clients)
    await exited(server.process)
  }
  t.ok(acknowledged.length > 25 * ROUNDS, `${acknowledged.length} profile writes and ${tickets.length} tickets were acknowledged`)
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
