import type { ApiDef } from '../spec/compile.js'

/** The tag the plan routes carry in every API's playground document. */
export const PLANS_TAG = 'Sandbox: runtime plans'

const json = (description: string, example?: unknown): Record<string, unknown> => ({
  description,
  content: { 'application/json': { schema: { type: 'object' }, ...(example === undefined ? {} : { example }) } },
})

/**
 * Adds the caller's runtime plans (/__sandbox/plans) to an API's playground document, with the
 * credential its control routes take (that of the API's first operation that needs one), so
 * "Try it out" after Authorize lists, makes and deletes the plans of the tenant signed in.
 */
export function addPlanPaths (doc: Record<string, unknown> & { paths?: Record<string, unknown>, tags?: unknown[] }, api: ApiDef): void {
  const security = api.rows.find((r) => r.security.some((s) => Object.keys(s).length > 0))?.security ?? []
  const row = api.rows.find((r) => r.method === 'GET') ?? api.rows[0]
  const errors = row === undefined ? [] : [...row.responses.keys()].filter((s) => s >= 400).sort((a, b) => b - a)
  const example = row === undefined ? undefined : { note: 'fails once', match: { operation: row.operationId }, act: { status: errors[0] ?? row.successStatus }, when: { times: 1 } }
  const apiParam = { name: 'api', in: 'query', required: true, description: 'The API whose credential is sent: the plans are its tenant\'s.', schema: { type: 'string', enum: [api.id], default: api.id } }
  const common = { tags: [PLANS_TAG], security }
  doc.tags = [...(doc.tags ?? []), { name: PLANS_TAG, description: 'Tell the sandbox how to misbehave for the signed-in tenant only: a documented status, an example, a given body, a delay or a broken connection, for the next N calls, at random with a seed, or until deleted (see docs/plans.md in the repository).' }]
  doc.paths = {
    ...doc.paths,
    '/__sandbox/plans': {
      get: { ...common, operationId: 'sandboxListPlans', summary: 'The tenant\'s plans, most recent first', parameters: [apiParam], responses: { 200: json('The plans, with the uses left (`remaining`) or drawn (`draws`).') } },
      post: {
        ...common,
        operationId: 'sandboxCreatePlan',
        summary: 'Make a plan',
        parameters: [apiParam],
        requestBody: { required: true, ...json('`match` (operation, predicates), `act` (status, example, body, fault, delay), `when` (times, probability and seed, expiresAt or expiresIn).', example) },
        responses: { 201: json('The plan as kept.'), 400: json('The plan is refused; the message names the field.'), 409: json('The tenant holds as many plans as it may.') },
      },
      delete: { ...common, operationId: 'sandboxDeletePlans', summary: 'Delete all of the tenant\'s plans', parameters: [apiParam], responses: { 200: json('The ids deleted.') } },
    },
    '/__sandbox/plans/{id}': {
      delete: {
        ...common,
        operationId: 'sandboxDeletePlan',
        summary: 'Delete one plan',
        parameters: [apiParam, { name: 'id', in: 'path', required: true, schema: { type: 'string' }, example: 'plan-1' }],
        responses: { 200: json('The id deleted.'), 404: json('No such plan (unknown, deleted or used up).') },
      },
    },
  }
}
