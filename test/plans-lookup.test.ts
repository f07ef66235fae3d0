import t from 'tap'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { PlanBook } from '../src/engine/plans/match.js'
import { planStep } from '../src/engine/plans/step.js'
import { PLANS, type StoredPlan } from '../src/engine/plans/types.js'
import type { TenantData } from '../src/store/contract.js'
import { loadApis } from '../src/spec/source.js'
import { defaultOptions } from '../src/server.js'

// The request path of a tenant without plans: the plan step answers at once (no promise), and
// the tenant's plans are read from its data once per change, not per request.

function tenant (plans: StoredPlan[]): TenantData & { lists: number, revisionValue: number } {
  const data = {
    lists: 0,
    revisionValue: 0,
    get: () => undefined,
    list (collection: string) { if (collection === PLANS) data.lists++; return collection === PLANS ? plans : [] },
    revision: (collection: string) => (collection === PLANS ? data.revisionValue : 0),
    transact: async () => { throw new Error('no transaction expected') },
  }
  return data as unknown as TenantData & { lists: number, revisionValue: number }
}

const plan = (seq: number, operation: string): StoredPlan => ({
  id: `plan-${seq}`, seq, tenant: 'wm:ocsuser', created: '2026-01-01T00:00:00.000Z',
  match: { api: 'wm', operation, method: 'GET', path: '/x', predicates: [] }, act: { status: 500 }, when: {},
})

t.test('a tenant without plans: undefined at once, its plans read once until they change', async (t) => {
  const book = new PlanBook(4096)
  const data = tenant([])
  const answers = Array.from({ length: 1000 }, () => book.plans(data, 'getCustomerProfiles'))
  t.ok(answers.every((a) => a === undefined), 'every lookup answers undefined at once')
  t.equal(data.lists, 1, 'read once for 1000 requests')
  data.revisionValue = 1
  book.plans(data, 'getCustomerProfiles')
  t.equal(data.lists, 2, 'read again after a change')
})

t.test('plans of other operations cost an operation a lookup; its own come most recent first', async (t) => {
  const book = new PlanBook(4096)
  const data = tenant([plan(1, 'createTicket'), plan(3, 'getCustomerProfiles'), plan(2, 'getCustomerProfiles')])
  t.equal(book.plans(data, 'updateSomething'), undefined)
  const own = book.plans(data, 'getCustomerProfiles')
  t.same(Array.isArray(own) ? own.map((c) => c.plan.id) : own, ['plan-3', 'plan-2'])
  t.equal(data.lists, 1)
})

t.test('the plan step of an operation returns undefined, not a promise, when the tenant has no plan for it', async (t) => {
  const { apis } = await loadApis(defaultOptions.specsDir, defaultOptions.buildDir)
  const row = apis.find((a) => a.id === 'wm')!.rows.find((r) => r.operationId === 'getCustomerProfiles')!
  const book = new PlanBook(4096)
  const step = planStep(row, book, Date.now)
  const request = {} as FastifyRequest
  const reply = {} as FastifyReply
  t.equal(step(request, reply, tenant([])), undefined)
  t.equal(step(request, reply, tenant([plan(1, 'createTicket')])), undefined)
  const pending = step({ log: console } as unknown as FastifyRequest, reply, tenant([plan(1, 'getCustomerProfiles')]))
  t.type(pending, Promise, 'a plan for it: the async path')
  await t.rejects(pending!, { kind: 'server-error', message: 'status 500 answered by the sandbox plan plan-1' }, 'which answers in the problem the dialect renders')
})
