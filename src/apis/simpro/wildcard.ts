/**
 * simPRO's `%` wildcard: any run of characters (possibly none). Compiled once per request into
 * literal pieces matched left to right (greedy, leftmost), so a match costs time linear in the
 * text for each piece and never builds a RegExp from client input (no catastrophic backtracking).
 */
export function wildcardMatcher (pattern: string): (text: string) => boolean {
  const pieces = pattern.split('%')
  if (pieces.length === 1) return (text) => text === pattern
  const head = pieces[0]!
  const tail = pieces[pieces.length - 1]!
  const middle = pieces.slice(1, -1).filter((p) => p !== '')
  const shortest = head.length + tail.length + middle.reduce((n, p) => n + p.length, 0)
  return (text) => {
    if (text.length < shortest || !text.startsWith(head) || !text.endsWith(tail)) return false
    const end = text.length - tail.length
    let at = head.length
    // The leftmost place of each piece leaves the most room for the pieces after it.
    for (const piece of middle) {
      const found = text.indexOf(piece, at)
      if (found === -1 || found + piece.length > end) return false
      at = found + piece.length
    }
    return true
  }
}
