import type { Faker } from '@faker-js/faker'

/** How an API's spec asks for generated records: `x-sandbox.generate.<collection>`. */
export interface GenerateSpec {
  /** Id template of generated records, e.g. `9{index:11}`; must not collide with documented ids. */
  id: string
  /** The component schema of one stored record; its `x-faker` hints pick realistic values. */
  schema: string
  /** A finisher of the API's (src/apis/<id>/) that makes a record consistent with itself and its id. */
  finish?: string
}

export interface FinishContext {
  id: string
  index: number
  /** Seeded for this record: draws from it are the same on every run. */
  faker: Faker
}

/** Makes a generated record consistent (its id inside, names matching emails, …). Returns the record. */
export type Finisher = (record: Record<string, unknown>, context: FinishContext) => Record<string, unknown>
