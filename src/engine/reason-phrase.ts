import type { FastifyReply } from 'fastify'
import type { Dialect } from '../dialects/types.js'

/** Gives a non-standard status (Asseco's 440) the dialect's reason phrase on the status line. */
export function setReasonPhrase (reply: FastifyReply, dialect: Dialect, status: number): void {
  const phrase = dialect.reasons?.[status]
  if (phrase !== undefined) reply.raw.statusMessage = phrase
}
