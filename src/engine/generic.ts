import { crudKinds } from './crud.js'
import type { Behaviours } from './handler-types.js'

/** Generic handler kinds over a collection (`x-sandbox-collection`, or inferred for an own API), usable by any API. */
export const genericKinds: Behaviours = crudKinds
