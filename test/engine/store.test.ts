import t, { type Test } from 'tap'
import { mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { StoreUnavailable, TenantUnreadable } from '../../src/store/contract.js'
import { filePersistence, tenantFileStem } from '../../src/store/file-persistence.js'
import { LOG_HEADER } from '../../src/store/log-format.js'
import { memoryPersistence, type Persistence, type StoreLogger } from '../../src/store/persistence.js'
import { ApiStore, resetEverything } from '../../src/store/store.js'

const base = () => new Map([['customers', new Map<string, unknown>([
  ['1', Object.freeze({ name: 'one' })],
  ['2', Object.freeze({ name: 'two' })],
])]])

interface Logged { level: string, fields: Record<string, unknown>, message: string }
function logger (): StoreLogger & { lines: Logged[] } {
  const lines: Logged[] = []
  return {
    lines,
    warn: (fields, message) => { lines.push({ level: 'warn', fields, message }) },
    error: (fields, message) => { lines.push({ level: 'error', fields, message }) },
  }
}

async function folder (t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-store-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** A file persistence that is closed (its folder lock released) when the test ends. */
async function files (t: Test, dir: string, log = logger()): Promise<Persistence> {
  const persistence = await filePersistence(dir, { fsync: false, logger: log })
  t.teardown(() => persistence.close())
  return persistence
}

t.test('reads come from the base until a tenant changes them', async (t) => {
  const store = new ApiStore(base(), memoryPersistence())
  const data = await store.tenant('api:a')
  t.same(data.get('customers', '1'), { name: 'one' })
  t.equal(data.get('customers', '9'), undefined, 'absent is undefined')
  t.equal(data.get('nothing', '1'), undefined, 'an unknown collection is empty')
  await data.transact((tx) => {
    tx.put('customers', '1', { name: 'uno' })
    tx.put('customers', '3', { name: 'three' })
  })
  t.same(data.get('customers', '1'), { name: 'uno' })
  t.same(data.list('customers'), [{ name: 'two' }, { name: 'uno' }, { name: 'three' }])
  t.same(store.base.get('customers')?.get('1'), { name: 'one' }, 'the base is unchanged')
})

t.test('a deletion hides the base record for that tenant only', async (t) => {
  const store = new ApiStore(base(), memoryPersistence())
  const a = await store.tenant('api:a')
  const b = await store.tenant('api:b')
  t.equal(await a.transact((tx) => tx.remove('customers', '2')), true)
  t.equal(await a.transact((tx) => tx.remove('customers', '2')), false, 'a second delete finds nothing')
  t.equal(a.get('customers', '2'), undefined)
  t.same(a.list('customers'), [{ name: 'one' }])
  t.same(b.get('customers', '2'), { name: 'two' }, 'the other tenant still sees it')
})

t.test('counters allocate per tenant from their start', async (t) => {
  const store = new ApiStore(base(), memoryPersistence())
  const a = await store.tenant('api:a')
  t.equal(await a.transact((tx) => tx.allocate('ticket', 456)), 456)
  t.equal(await a.transact((tx) => tx.allocate('ticket', 456)), 457)
  t.equal(await (await store.tenant('api:b')).transact((tx) => tx.allocate('ticket', 456)), 456)
})

t.test('a transaction reads its own writes; others see them only once it is committed', async (t) => {
  const store = new ApiStore(base(), memoryPersistence())
  const data = await store.tenant('api:a')
  const committing = data.transact((tx) => {
    tx.put('customers', '3', { name: 'three' })
    t.same(tx.get('customers', '3'), { name: 'three' })
    t.same(tx.list('customers'), [{ name: 'one' }, { name: 'two' }, { name: 'three' }])
    t.equal(tx.remove('customers', '1'), true)
    t.same(tx.list('customers'), [{ name: 'two' }, { name: 'three' }])
    t.equal(data.get('customers', '3'), undefined, 'not visible outside before the commit')
    return 'done'
  })
  t.equal(data.get('customers', '3'), undefined, 'not visible before it is durable')
  t.equal(await committing, 'done')
  t.same(data.list('customers'), [{ name: 'two' }, { name: 'three' }])
})

t.test('a transaction that throws keeps nothing, and the next one runs', async (t) => {
  const store = new ApiStore(base(), memoryPersistence())
  const data = await store.tenant('api:a')
  await t.rejects(data.transact((tx) => {
    tx.put('customers', '3', { name: 'three' })
    tx.allocate('ticket', 1)
    throw new Error('no')
  }), { message: 'no' })
  t.equal(data.get('customers', '3'), undefined)
  t.equal(await data.transact((tx) => tx.allocate('ticket', 1)), 1, 'the counter did not move')
})

t.test('a transaction that awaits is refused: a transaction is one synchronous unit', async (t) => {
  const data = await new ApiStore(base(), memoryPersistence()).tenant('api:a')
  await t.rejects(data.transact(async (tx) => { tx.put('customers', '3', {}) }), { message: /must not await/ })
  t.equal(data.get('customers', '3'), undefined)
})

t.test('concurrent read-then-write transactions on one tenant never lose an update', async (t) => {
  const dir = await folder(t)
  const data = await new ApiStore(base(), await files(t, dir)).tenant('api:a')
  const add = (): Promise<void> => data.transact((tx) => {
    const current = (tx.get('customers', 'count') as { n: number } | undefined)?.n ?? 0
    tx.put('customers', 'count', { n: current + 1 })
  })
  await Promise.all(Array.from({ length: 200 }, add))
  t.same(data.get('customers', 'count'), { n: 200 })
})

t.test('tenant files: named by a hash, written before the write resolves, read back after a restart', async (t) => {
  const dir = await folder(t)
  const first = await files(t, dir)
  const data = await new ApiStore(base(), first).tenant('api:secret-tenant')
  await data.transact((tx) => {
    tx.allocate('ticket', 1)
    tx.put('customers', '7', { name: 'seven' })
  })
  await data.transact((tx) => tx.remove('customers', '1'))
  const names = (await readdir(dir)).filter((n) => n !== 'owner.lock')
  t.same(names, [`${tenantFileStem('api:secret-tenant')}.jsonl`])
  t.notOk(names[0]!.includes('secret'), 'the tenant id is not in the file name')
  t.equal(await readFile(join(dir, names[0]!), 'utf8'), LOG_HEADER +
    '{"o":[["customers","7",{"name":"seven"}]],"n":{"ticket":1}}\n' +
    '{"o":[["customers","1"]]}\n', 'one line per committed batch')
  await first.close()
  const restarted = await new ApiStore(base(), await files(t, dir)).tenant('api:secret-tenant')
  t.same(restarted.get('customers', '7'), { name: 'seven' })
  t.equal(restarted.get('customers', '1'), undefined)
  t.equal(await restarted.transact((tx) => tx.allocate('ticket', 1)), 2)
})

t.test('a deleted record of the tenant\'s own leaves no tombstone behind', async (t) => {
  const store = new ApiStore(base(), memoryPersistence())
  const data = await store.tenant('api:a')
  for (let i = 0; i < 50; i++) {
    await data.transact((tx) => tx.put('customers', `n${i}`, { i }))
    await data.transact((tx) => tx.remove('customers', `n${i}`))
  }
  await data.transact((tx) => tx.remove('customers', '1'))
  t.equal((data as unknown as { size: number }).size, 1, 'only the tombstone over the base record is held')
})

t.test('a big log is compacted: the file holds the live state, and reads the same after a restart', async (t) => {
  const dir = await folder(t)
  const first = await files(t, dir)
  const data = await new ApiStore(base(), first).tenant('api:a')
  const big = 'x'.repeat(2000)
  for (let round = 0; round < 400; round++) {
    await data.transact((tx) => {
      tx.put('customers', `n${round % 10}`, { round, big })
      if (round % 3 === 0) tx.remove('customers', `n${(round + 5) % 10}`)
    })
  }
  // The compaction runs between commits; one more commit after a pause lets it finish.
  await new Promise((resolve) => setTimeout(resolve, 100))
  await data.transact((tx) => tx.allocate('c', 1))
  const file = join(dir, `${tenantFileStem('api:a')}.jsonl`)
  const size = (await readFile(file)).length
  t.ok(size < 10 * 2100 + 64 * 1024, `the log (${size} bytes) is about the live state, not 400 writes`)
  const expected = data.list('customers')
  await first.close()
  const restarted = await new ApiStore(base(), await files(t, dir)).tenant('api:a')
  t.same(restarted.list('customers'), expected)
})

t.test('a write cut short by a crash is dropped at the next open; what was committed before stays', async (t) => {
  const dir = await folder(t)
  const file = join(dir, `${tenantFileStem('api:a')}.jsonl`)
  await writeFile(file, LOG_HEADER + '{"o":[["customers","5",{"name":"five"}]]}\n{"o":[["customers","6",{"na')
  const log = logger()
  const data = await new ApiStore(base(), await files(t, dir, log)).tenant('api:a')
  t.same(data.get('customers', '5'), { name: 'five' })
  t.equal(data.get('customers', '6'), undefined)
  t.match(log.lines, [{ level: 'warn', message: /unfinished last write/ }])
  await data.transact((tx) => tx.put('customers', '7', { name: 'seven' }))
  t.equal(await readFile(file, 'utf8'), LOG_HEADER + '{"o":[["customers","5",{"name":"five"}]]}\n{"o":[["customers","7",{"name":"seven"}]]}\n')
})

const damaged: Array<[string, (file: string, legacy: string) => Promise<void>]> = [
  ['an empty file', async (file) => { await writeFile(file, '') }],
  ['a file holding []', async (file) => { await writeFile(file, '[]') }],
  ['a file holding null', async (file) => { await writeFile(file, 'null\n') }],
  ['a header cut short', async (file) => { await writeFile(file, LOG_HEADER.slice(0, 10)) }],
  ['a line in the middle that is not JSON', async (file) => { await writeFile(file, LOG_HEADER + '{"o":[["customers","5",{"name":"five"}]]}\n{"o":[[tru\n{"o":[]}\n') }],
  ['a line that is not a batch', async (file) => { await writeFile(file, LOG_HEADER + '{"records":{}}\n') }],
  ['a folder in its place', async (file) => { await mkdir(join(file, 'inside'), { recursive: true }) }],
  ['an older version\'s file cut short', async (_file, legacy) => { await writeFile(legacy, '{"records":{"customers":{"5":') }],
  ['an older version\'s file holding []', async (_file, legacy) => { await writeFile(legacy, '[]') }],
  ['an older version\'s file holding null', async (_file, legacy) => { await writeFile(legacy, 'null') }],
  ['an older version\'s file that is empty', async (_file, legacy) => { await writeFile(legacy, '') }],
]

for (const [shape, make] of damaged) {
  t.test(`a damaged tenant file (${shape}) is refused at open, reported once, and repaired by a reset`, async (t) => {
    const dir = await folder(t)
    const stem = tenantFileStem('api:a')
    await make(join(dir, `${stem}.jsonl`), join(dir, `${stem}.json`))
    const log = logger()
    const store = new ApiStore(base(), await files(t, dir, log))
    await t.rejects(store.tenant('api:a'), TenantUnreadable)
    await t.rejects(store.tenant('api:a'), { message: /^tenant data unreadable \([0-9a-f]{32}\.jsonl?: .+\); reset it/ })
    t.equal(log.lines.length, 1, 'reported once')
    t.match(log.lines[0], { level: 'error', fields: { tenant: 'api:a', file: new RegExp(stem) } })
    const other = await store.tenant('api:b')
    t.same(other.get('customers', '1'), { name: 'one' }, 'other tenants are unaffected')
    await store.reset('api:a')
    const repaired = await store.tenant('api:a')
    t.same(repaired.list('customers'), [{ name: 'one' }, { name: 'two' }])
    await repaired.transact((tx) => tx.put('customers', '3', { name: 'three' }))
    t.same(repaired.get('customers', '3'), { name: 'three' })
  })
}

t.test('an older version\'s tenant file is read once and rewritten in today\'s layout', async (t) => {
  const dir = await folder(t)
  const stem = tenantFileStem('api:a')
  await writeFile(join(dir, `${stem}.json`), JSON.stringify({ records: { customers: { 7: { name: 'seven' }, 1: null } }, counters: { ticket: 3 } }, null, 2))
  const data = await new ApiStore(base(), await files(t, dir)).tenant('api:a')
  t.same(data.list('customers'), [{ name: 'two' }, { name: 'seven' }])
  t.equal(await data.transact((tx) => tx.allocate('ticket', 1)), 4)
  t.same((await readdir(dir)).filter((n) => n !== 'owner.lock'), [`${stem}.jsonl`])
})

t.test('a write that fails on disk is not kept: not readable, the client is told, a retry succeeds', async (t) => {
  const dir = await folder(t)
  const store = new ApiStore(base(), await files(t, dir))
  const data = await store.tenant('api:a')
  const file = join(dir, `${tenantFileStem('api:a')}.jsonl`)
  await mkdir(file)
  await t.rejects(data.transact((tx) => tx.put('customers', '3', { name: 'three' })), StoreUnavailable)
  t.equal(data.get('customers', '3'), undefined)
  t.same(data.list('customers'), [{ name: 'one' }, { name: 'two' }])
  await rm(file, { recursive: true })
  await data.transact((tx) => tx.put('customers', '3', { name: 'three' }))
  t.same(data.get('customers', '3'), { name: 'three' })
})

t.test('a reset drops what was committed before it and keeps what comes after, on disk too', async (t) => {
  const dir = await folder(t)
  const first = await files(t, dir)
  const store = new ApiStore(base(), first)
  const data = await store.tenant('api:a')
  const before = Array.from({ length: 20 }, (_, i) => data.transact((tx) => tx.put('customers', `b${i}`, { i })))
  const reset = store.reset('api:a')
  const after = Array.from({ length: 20 }, (_, i) => data.transact((tx) => tx.put('customers', `a${i}`, { i })))
  await Promise.all([...before, reset, ...after])
  const ids = (): string[] => data.list('customers').map((r) => JSON.stringify(r))
  t.equal(ids().length, 22)
  t.equal(data.get('customers', 'b0'), undefined)
  t.same(data.get('customers', 'a19'), { i: 19 })
  await first.close()
  const restarted = await new ApiStore(base(), await files(t, dir)).tenant('api:a')
  t.equal(restarted.get('customers', 'b0'), undefined)
  t.equal(restarted.list('customers').length, 22)
})

t.test('resetting everything removes the files of tenants that are not open too', async (t) => {
  const dir = await folder(t)
  const first = await files(t, dir)
  const a = await new ApiStore(base(), first).tenant('api:a')
  await a.transact((tx) => tx.put('customers', '3', { name: 'three' }))
  await first.close()
  const second = await files(t, dir)
  const store = new ApiStore(base(), second)
  const b = await store.tenant('api:b')
  await b.transact((tx) => tx.put('customers', '4', { name: 'four' }))
  await resetEverything([store], second)
  t.equal(b.get('customers', '4'), undefined)
  t.equal((await store.tenant('api:a')).get('customers', '3'), undefined, 'the tenant that was not open is reset too')
  t.same((await readdir(dir)).filter((n) => n !== 'owner.lock'), [])
})

t.test('a tenant is opened once however many requests ask at once', async (t) => {
  let opens = 0
  const memory = memoryPersistence()
  const store = new ApiStore(base(), { ...memory, log: (key) => { opens++; return memory.log(key) } })
  const views = await Promise.all([store.tenant('api:a'), store.tenant('api:a'), store.tenant('api:a')])
  t.equal(opens, 1)
  t.equal(views[0], views[2])
})

t.test('a data folder has one owner: a second one in this process is refused', async (t) => {
  const dir = await folder(t)
  await files(t, dir)
  await t.rejects(filePersistence(dir, { fsync: false, logger: logger() }), { name: 'FolderInUse', message: new RegExp(`data folder ${dir} is already in use by this process`) })
})

t.test('at most the configured number of tenant files is held open; a closed one is opened again at its next write', async (t) => {
  const dir = await folder(t)
  const persistence = await filePersistence(dir, { fsync: false, logger: logger(), openFiles: 2 })
  t.teardown(() => persistence.close())
  const store = new ApiStore(base(), persistence)
  const tenants = await Promise.all(['api:a', 'api:b', 'api:c', 'api:d'].map((id) => store.tenant(id)))
  for (let round = 0; round < 3; round++) {
    await Promise.all(tenants.map((data, i) => data.transact((tx) => tx.put('customers', `r${round}`, { round, i }))))
  }
  const openInFolder = async (): Promise<number> => {
    const links = await Promise.all((await readdir('/proc/self/fd')).map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')))
    return links.filter((link) => link.startsWith(dir)).length
  }
  t.equal(await openInFolder(), 2, 'two of the four tenant files are open')
  await persistence.close()
  t.equal(await openInFolder(), 0, 'closing the store closes them')
  const again = new ApiStore(base(), await files(t, dir))
  for (const [i, id] of ['api:a', 'api:b', 'api:c', 'api:d'].entries()) {
    t.same((await again.tenant(id)).list('customers').slice(2), [{ round: 0, i }, { round: 1, i }, { round: 2, i }], `${id} kept every write`)
  }
})

t.test('with fsync every write is flushed before it resolves, and reads back the same', async (t) => {
  const dir = await folder(t)
  const first = await filePersistence(dir, { fsync: true, logger: logger() })
  const data = await new ApiStore(base(), first).tenant('api:a')
  await Promise.all(Array.from({ length: 20 }, (_, i) => data.transact((tx) => tx.put('customers', `f${i}`, { i }))))
  await first.close()
  const again = await new ApiStore(base(), await files(t, dir)).tenant('api:a')
  t.equal(again.list('customers').length, 22)
})

t.test('resetting everything while tenants open finishes, and the tenants that opened meanwhile read the reset state', async (t) => {
  const dir = await folder(t)
  const first = await files(t, dir)
  const a = await new ApiStore(base(), first).tenant('api:late')
  await a.transact((tx) => tx.put('customers', '9', { name: 'nine' }))
  await first.close()
  const persistence = await files(t, dir)
  const store = new ApiStore(base(), persistence)
  const open = await store.tenant('api:open')
  await open.transact((tx) => tx.put('customers', '8', { name: 'eight' }))
  const resetting = resetEverything([store], persistence)
  // Asked for while the reset runs: it waits for the reset, then reads what the reset left.
  const late = store.tenant('api:late')
  const timeout = new Promise((resolve) => setTimeout(() => resolve('timed out'), 5000))
  t.equal(await Promise.race([resetting.then(() => 'done'), timeout]), 'done')
  t.equal((await late).get('customers', '9'), undefined)
  t.equal(open.get('customers', '8'), undefined)
})
