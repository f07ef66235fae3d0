import t from 'tap'
import { COMPANY_0, profilesUrl, sharedSandbox, simproError, type Profile } from './simpro-helpers.js'

const sandbox = await sharedSandbox(t)

const ids = (body: Array<{ ID: number }>): number[] => body.map((p) => p.ID)

t.test('the default page holds 30 records in ID order, with totals in the headers', async (t) => {
  const s = sandbox(t)
  const res = await s.inject({ url: `${profilesUrl()}/` })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['result-total'], '66')
  t.equal(res.headers['result-pages'], '3')
  t.same(ids(res.json()), Array.from({ length: 30 }, (_, i) => i + 1))
  t.same(res.json()[0], { ID: 1, Name: 'Gold' }, 'ID and Name by default')
})

const pages: Array<{ query: string, ids: number[], total: number, pages: number }> = [
  { query: 'page=2', ids: Array.from({ length: 30 }, (_, i) => i + 31), total: 66, pages: 3 },
  { query: 'page=3', ids: [61, 62, 63, 64, 65, 66], total: 66, pages: 3 },
  { query: 'page=4', ids: [], total: 66, pages: 3 },
  { query: 'page=2147483647', ids: [], total: 66, pages: 3 },
  { query: 'pageSize=250', ids: COMPANY_0.map((p) => p.ID), total: 66, pages: 1 },
  { query: 'pageSize=66', ids: COMPANY_0.map((p) => p.ID), total: 66, pages: 1 },
  { query: 'pageSize=65&page=2', ids: [66], total: 66, pages: 2 },
  { query: 'pageSize=1&page=66', ids: [66], total: 66, pages: 66 },
  { query: 'pageSize=10&page=7', ids: [61, 62, 63, 64, 65, 66], total: 66, pages: 7 },
  { query: 'limit=5', ids: [1, 2, 3, 4, 5], total: 66, pages: 3 },
  { query: 'limit=100', ids: Array.from({ length: 30 }, (_, i) => i + 1), total: 66, pages: 3 },
  { query: 'page=2&limit=3', ids: [31, 32, 33], total: 66, pages: 3 },
  { query: 'page=3&pageSize=30&limit=10', ids: [61, 62, 63, 64, 65, 66], total: 66, pages: 3 },
  { query: 'Archived=true&pageSize=3&page=3', ids: [64, 65], total: 8, pages: 3 },
  { query: 'Name=Nothing%25', ids: [], total: 0, pages: 0 },
]

for (const c of pages) {
  t.test(`${c.query}: ${c.ids.length} record(s), Result-Total ${c.total}, Result-Pages ${c.pages}`, async (t) => {
    const s = sandbox(t)
    const res = await s.inject({ url: `${profilesUrl()}?${c.query}` })
    t.equal(res.statusCode, 200)
    t.same(ids(res.json()), c.ids)
    t.equal(res.headers['result-total'], String(c.total))
    t.equal(res.headers['result-pages'], String(c.pages))
  })
}

t.test('a company without profiles answers an empty list with zero totals', async (t) => {
  const s = sandbox(t)
  const res = await s.inject({ url: profilesUrl(2) })
  t.equal(res.statusCode, 200)
  t.same(res.json(), [])
  t.equal(res.headers['result-total'], '0')
  t.equal(res.headers['result-pages'], '0')
})

t.test('company 1 lists its own profiles only', async (t) => {
  const s = sandbox(t)
  const res = await s.inject({ url: `${profilesUrl(1)}?columns=ID,Name,Archived&orderby=Name` })
  t.equal(res.statusCode, 200)
  t.same(res.json(), [
    { ID: 203, Name: 'Bronze', Archived: false },
    { ID: 206, Name: 'Commercial', Archived: false },
    { ID: 201, Name: 'Gold', Archived: false },
    { ID: 208, Name: 'Old Rates', Archived: true },
    { ID: 205, Name: 'Residential', Archived: false },
    { ID: 202, Name: 'Silver', Archived: false },
    { ID: 207, Name: 'Strata', Archived: true },
    { ID: 204, Name: 'Trade', Archived: false },
  ])
  t.equal(res.headers['result-total'], '8')
})

const paging: Array<{ error: string, path: string, message: string, value: unknown }> = [
  { error: 'pageSize=0', path: '/pageSize', message: "query parameter 'pageSize' must be >= 1", value: 0 },
  { error: 'pageSize=251', path: '/pageSize', message: "query parameter 'pageSize' must be <= 250", value: 251 },
  { error: 'pageSize=ten', path: '/pageSize', message: "query parameter 'pageSize' must be integer", value: 'ten' },
  { error: 'page=0', path: '/page', message: "query parameter 'page' must be >= 1", value: 0 },
  { error: 'page=-1', path: '/page', message: "query parameter 'page' must be >= 1", value: -1 },
  { error: 'page=1.5', path: '/page', message: "query parameter 'page' must be integer", value: '1.5' },
  { error: 'page=2147483648', path: '/page', message: "query parameter 'page' must be <= 2147483647", value: 2147483648 },
  { error: 'limit=0', path: '/limit', message: "query parameter 'limit' must be >= 1", value: 0 },
]

for (const c of paging) {
  t.test(`${c.error} answers 422 naming ${c.path}`, async (t) => {
    const s = sandbox(t)
    const res = await s.inject({ url: `${profilesUrl()}?${c.error}` })
    t.equal(res.statusCode, 422)
    t.same(res.json(), simproError(c.path, c.message, c.value))
  })
}

// A client's paging loop: page=1..Result-Pages reads every matching record once, in order.
const lower = (p: Profile): string => p.Name.toLowerCase()
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
const loops: Array<{ query: string, pageSize: number, match: (p: Profile) => boolean, order: (a: Profile, b: Profile) => number }> = [
  { query: '', pageSize: 7, match: () => true, order: (a, b) => a.ID - b.ID },
  { query: 'orderby=-Name', pageSize: 9, match: () => true, order: (a, b) => cmp(lower(b), lower(a)) },
  { query: 'Archived=false&orderby=Name', pageSize: 11, match: (p) => !p.Archived, order: (a, b) => cmp(lower(a), lower(b)) },
  { query: 'Name=%25e%25&ID=gt(10)&orderby=-Archived,-ID', pageSize: 4, match: (p) => lower(p).includes('e') && p.ID > 10, order: (a, b) => Number(b.Archived) - Number(a.Archived) || b.ID - a.ID },
  { query: 'search=any&Name=S%25&Archived=true&orderby=Archived,Name', pageSize: 3, match: (p) => lower(p).startsWith('s') || p.Archived, order: (a, b) => Number(a.Archived) - Number(b.Archived) || cmp(lower(a), lower(b)) },
  { query: 'ID=between(5,50)&Name=!in(%25a%25)', pageSize: 250, match: (p) => p.ID >= 5 && p.ID <= 50 && !lower(p).includes('a'), order: (a, b) => a.ID - b.ID },
  { query: 'Name=Zz%25', pageSize: 5, match: () => false, order: (a, b) => a.ID - b.ID },
]

for (const c of loops) {
  t.test(`a paging loop over "${decodeURIComponent(c.query)}" (pageSize ${c.pageSize}) reads every record once, in order`, async (t) => {
    const s = sandbox(t)
    const expected = COMPANY_0.filter(c.match).sort(c.order).map((p) => p.ID)
    const read: number[] = []
    let pages = 1
    for (let page = 1; page <= pages; page++) {
      const res = await s.inject({ url: `${profilesUrl()}?${c.query}&pageSize=${c.pageSize}&page=${page}&columns=ID` })
      t.equal(res.statusCode, 200)
      pages = Number(res.headers['result-pages'])
      t.equal(Number(res.headers['result-total']), expected.length)
      read.push(...ids(res.json()))
    }
    t.equal(pages, Math.ceil(expected.length / c.pageSize))
    t.same(read, expected)
  })
}
