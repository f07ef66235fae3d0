import t from 'tap'
import { COMPANY_0, profilesUrl, sharedSandbox, simproError } from './simpro-helpers.js'

const sandbox = await sharedSandbox(t)

const ARCHIVED = [12, 15, 24, 46, 57, 62, 64, 65]
const ALL = COMPANY_0.map((p) => p.ID)

// Each query runs with pageSize=250&columns=ID, so the answer is every matching ID, by ID.
const filters: Array<{ query: string, ids: number[] }> = [
  { query: 'Name=Gold', ids: [1] },
  { query: 'Name=gOLD', ids: [1] },
  { query: 'Name=Go', ids: [] },
  { query: 'Name=%25old%25', ids: [1, 13] },
  { query: 'Name=S%25', ids: [2, 7, 9, 21, 33, 44, 61, 65] },
  { query: 'Name=%25care', ids: [27, 52, 53] },
  { query: 'Name=C%25e%25', ids: [14, 30, 53] },
  { query: 'Name=%25%25', ids: ALL },
  { query: 'Name=%25', ids: ALL },
  { query: 'Name=Key%25Account', ids: [6] },
  { query: 'Name=%25o%25o%25o%25', ids: [42] },
  { query: 'Name=%25e%25e%25e%25', ids: COMPANY_0.filter((p) => p.Name.toLowerCase().split('e').length > 3).map((p) => p.ID) },
  { query: 'Name=%25ee%25', ids: [21] },
  { query: 'Name=lt(b)', ids: [41, 52, 66] },
  { query: 'Name=le(Agriculture)', ids: [41, 52, 66] },
  { query: 'Name=gt(wa)', ids: [22, 60] },
  { query: 'Name=ge(WARRANTY ONLY)', ids: [22, 60] },
  { query: 'Name=between(g,h)', ids: [1, 25] },
  { query: 'Name=ne(%25e%25)&Archived=true', ids: [15] },
  { query: 'Name=in(gold, silver)', ids: [1, 2] },
  { query: 'Name=in(B%25,%25Office)', ids: [3, 10, 36, 55, 56] },
  { query: 'Name=!in(%25a%25,%25e%25,%25i%25)', ids: [1, 13, 16, 43] },
  { query: 'ID=5', ids: [5] },
  { query: 'ID=lt(3)', ids: [1, 2] },
  { query: 'ID=le(3)', ids: [1, 2, 3] },
  { query: 'ID=gt(64)', ids: [65, 66] },
  { query: 'ID=ge(65)', ids: [65, 66] },
  { query: 'ID=ne(1)&Name=%25old%25', ids: [13] },
  { query: 'ID=between(10,12)', ids: [10, 11, 12] },
  { query: 'ID=between(12,10)', ids: [] },
  { query: 'ID=in(3,1,999)', ids: [1, 3] },
  { query: 'ID=!in(1,2,3)&Name=%25o%25d', ids: [5, 13, 16, 57] },
  { query: 'Archived=true', ids: ARCHIVED },
  { query: 'Archived=TRUE', ids: ARCHIVED },
  { query: 'Archived=1', ids: ARCHIVED },
  { query: 'Archived=ne(false)', ids: ARCHIVED },
  { query: 'Archived=in(true)', ids: ARCHIVED },
  { query: 'Archived=!in(false)', ids: ARCHIVED },
  { query: 'Archived=false', ids: ALL.filter((id) => !ARCHIVED.includes(id)) },
  { query: 'Archived=in(true,false)', ids: ALL },
  { query: 'Archived=true&ID=gt(60)', ids: [62, 64, 65] },
  { query: 'search=all&Archived=true&ID=gt(60)', ids: [62, 64, 65] },
  { query: 'search=any&Archived=true&ID=gt(63)', ids: [12, 15, 24, 46, 57, 62, 64, 65, 66] },
  { query: 'search=any&Name=Gold&ID=2', ids: [1, 2] },
  { query: 'search=all&Name=Gold&ID=2', ids: [] },
  { query: 'search=any&Name=Gold&ID=2&Archived=true', ids: [1, 2, ...ARCHIVED] },
  { query: 'search=any', ids: ALL },
  { query: 'Colour=red&name=Gold&id=1', ids: ALL },
]

for (const c of filters) {
  t.test(`filter ${decodeURIComponent(c.query)} answers ${c.ids.length} record(s)`, async (t) => {
    const s = sandbox(t)
    const res = await s.inject({ url: `${profilesUrl()}/?pageSize=250&columns=ID&${c.query}` })
    t.equal(res.statusCode, 200)
    t.same(res.json(), c.ids.sort((a, b) => a - b).map((ID) => ({ ID })))
    t.equal(res.headers['result-total'], String(c.ids.length))
    t.equal(res.headers['result-pages'], String(Math.ceil(c.ids.length / 250)))
  })
}

const byName = (a: { Name: string }, b: { Name: string }): number => (a.Name.toLowerCase() < b.Name.toLowerCase() ? -1 : a.Name.toLowerCase() > b.Name.toLowerCase() ? 1 : 0)
const orders: Array<{ orderby: string, expect: number[] }> = [
  { orderby: 'Name', expect: [...COMPANY_0].sort(byName).map((p) => p.ID) },
  { orderby: '-Name', expect: [...COMPANY_0].sort(byName).reverse().map((p) => p.ID) },
  { orderby: '-ID', expect: [...ALL].reverse() },
  { orderby: 'Name,-Name', expect: [...COMPANY_0].sort(byName).map((p) => p.ID) },
  { orderby: ' Name , ID ', expect: [...COMPANY_0].sort(byName).map((p) => p.ID) },
  { orderby: 'Archived,-ID', expect: [...ALL.filter((id) => !ARCHIVED.includes(id)).reverse(), ...[...ARCHIVED].reverse()] },
  { orderby: '-Archived,Name', expect: [15, 46, 62, 12, 64, 57, 65, 24, ...COMPANY_0.filter((p) => !p.Archived).sort(byName).map((p) => p.ID)] },
  { orderby: '', expect: ALL },
]

for (const c of orders) {
  t.test(`orderby=${c.orderby} orders every record`, async (t) => {
    const s = sandbox(t)
    const res = await s.inject({ url: `${profilesUrl()}?pageSize=250&columns=ID&orderby=${encodeURIComponent(c.orderby)}` })
    t.equal(res.statusCode, 200)
    t.same(res.json().map((p: { ID: number }) => p.ID), c.expect)
  })
}

t.test('orderby=Name starts with the A names and -Name with the W names', async (t) => {
  const s = sandbox(t)
  const up = await s.inject({ url: `${profilesUrl()}?orderby=Name&pageSize=3` })
  t.same(up.json(), [{ ID: 66, Name: 'After Hours' }, { ID: 52, Name: 'Aged Care' }, { ID: 41, Name: 'Agriculture' }])
  const down = await s.inject({ url: `${profilesUrl()}?orderby=-Name&pageSize=3` })
  t.same(down.json(), [{ ID: 60, Name: 'Wholesale' }, { ID: 22, Name: 'Warranty Only' }, { ID: 18, Name: 'VIP' }])
})

const columnCases: Array<{ columns: string, expect: unknown }> = [
  { columns: '', expect: { ID: 1, Name: 'Gold' } },
  { columns: 'columns=ID,Name,Archived', expect: { ID: 1, Name: 'Gold', Archived: false } },
  { columns: 'columns=Archived', expect: { Archived: false } },
  { columns: 'columns=Name,ID', expect: { ID: 1, Name: 'Gold' } },
  { columns: 'columns=Name&columns=Archived', expect: { Name: 'Gold', Archived: false } },
  { columns: 'columns=ID,ID', expect: { ID: 1 } },
  { columns: 'columns=', expect: { ID: 1, Name: 'Gold' } },
]

for (const c of columnCases) {
  t.test(`list columns "${c.columns}" shows exactly those columns`, async (t) => {
    const s = sandbox(t)
    const res = await s.inject({ url: `${profilesUrl()}?ID=1&${c.columns}` })
    t.equal(res.statusCode, 200)
    t.same(res.json(), [c.expect])
  })
}

const errors: Array<{ query: string, path: string, message: string, value: unknown }> = [
  { query: 'ID=abc', path: '/ID', message: "query parameter 'ID' must hold a whole number, not 'abc'", value: 'abc' },
  { query: 'ID=lt(5', path: '/ID', message: "query parameter 'ID' calls lt() without its closing ')'", value: 'lt(5' },
  { query: 'ID=gt()', path: '/ID', message: "query parameter 'ID' must hold a whole number, not ''", value: 'gt()' },
  { query: 'ID=between(1)', path: '/ID', message: "query parameter 'ID' needs two values in between(a,b)", value: 'between(1)' },
  { query: 'ID=between(1,2,3)', path: '/ID', message: "query parameter 'ID' needs two values in between(a,b)", value: 'between(1,2,3)' },
  { query: 'ID=in()', path: '/ID', message: "query parameter 'ID' has an empty value in in()", value: 'in()' },
  { query: 'ID=!in(1,,2)', path: '/ID', message: "query parameter 'ID' has an empty value in !in()", value: '!in(1,,2)' },
  { query: `ID=in(${Array(101).fill(7).join(',')})`, path: '/ID', message: "query parameter 'ID' lists more than 100 values in in()", value: `in(${Array(101).fill(7).join(',')})` },
  { query: 'Archived=maybe', path: '/Archived', message: "query parameter 'Archived' must hold true or false, not 'maybe'", value: 'maybe' },
  { query: 'Archived=lt(true)', path: '/Archived', message: "query parameter 'Archived' cannot be compared with lt(); use a value, ne(), in() or !in()", value: 'lt(true)' },
  { query: 'Archived=between(false,true)', path: '/Archived', message: "query parameter 'Archived' cannot be compared with between(); use a value, ne(), in() or !in()", value: 'between(false,true)' },
  { query: `Name=${'%25a'.repeat(129)}`, path: '/Name', message: "query parameter 'Name' must NOT have more than 256 characters", value: '%a'.repeat(129) },
  { query: 'Name=Gold&Name=Silver', path: '/Name', message: "query parameter 'Name' must be string", value: ['Gold', 'Silver'] },
  { query: 'search=some', path: '/search', message: 'query parameter \'search\' must be one of: "all", "any"', value: 'some' },
  { query: 'columns=ID,Colour,Shape', path: '/columns', message: 'Invalid columns: Colour, Shape (known columns: ID, Name, Archived)', value: 'Colour,Shape' },
  { query: 'columns=name', path: '/columns', message: 'Invalid columns: name (known columns: ID, Name, Archived)', value: 'name' },
  { query: 'columns=ID,ID,ID,ID,ID,ID,ID', path: '/columns', message: "query parameter 'columns' names more than 6 columns", value: 'ID,ID,ID,ID,ID,ID,ID' },
  { query: 'orderby=-Colour,Name', path: '/orderby', message: 'Invalid orderby columns: Colour (known columns: ID, Name, Archived)', value: 'Colour' },
  { query: `columns=${'x'.repeat(101)}`, path: '/columns', message: "query parameter 'columns' must NOT have more than 100 characters", value: 'x'.repeat(101) },
]

for (const c of errors) {
  t.test(`${decodeURIComponent(c.query).slice(0, 60)} answers 422 naming ${c.path}`, async (t) => {
    const s = sandbox(t)
    const res = await s.inject({ url: `${profilesUrl()}/?${c.query}` })
    t.equal(res.statusCode, 422)
    t.same(res.json(), simproError(c.path, c.message, c.value))
  })
}

t.test('a pathological wildcard pattern is answered at once', async (t) => {
  const s = sandbox(t)
  // Would make a backtracking matcher explore a huge number of splits.
  const pattern = '%25a'.repeat(60) + '%25b'
  const started = process.hrtime.bigint()
  const res = await s.inject({ url: `${profilesUrl()}?Name=${pattern}` })
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  t.equal(res.statusCode, 200)
  t.same(res.json(), [])
  t.ok(ms < 500, `answered in ${ms.toFixed(1)} ms`)
})
