/** FNV-1a: a stable 32-bit number from a string, so every generated record has its own seed. */
export function hash32 (text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h >>> 0
}
