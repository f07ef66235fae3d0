/**
 * One past the highest of some ids (1 when there are none): where a tenant's own ids start, so
 * no id of the data set is ever given again. Ids that are not numbers are passed over.
 */
export function nextId (ids: Iterable<number>): number {
  let highest = 0
  for (const id of ids) if (id > highest) highest = id
  return highest + 1
}
