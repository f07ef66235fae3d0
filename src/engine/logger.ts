import type { FastifyServerOptions } from 'fastify'
import { pino } from 'pino'
import { REQUEST_LINE_KEYS } from './request-log.js'

export const LOG_FORMATS = ['json', 'pretty'] as const
export type LogFormat = (typeof LOG_FORMATS)[number]

/**
 * Fastify's logger (pino): JSON lines, or pino-pretty's coloured lines for a person at a
 * terminal (loaded only then). The pretty lines leave out what their message already says.
 */
export async function loggerOptions (level: string, format: LogFormat, requests: boolean): Promise<FastifyServerOptions['logger']> {
  if (level === 'silent') return false
  // A line per request: lines are gathered and written 4 KiB at a time, or every 250 ms when
  // fewer come, not one write(2) each; pino writes what is left when the process exits.
  if (format === 'json') return requests ? { level, stream: pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 250 }) } : { level }
  const { default: pretty } = await import('pino-pretty')
  return { level, stream: pretty({ translateTime: 'SYS:HH:MM:ss.l', ignore: ['pid', 'hostname', 'reqId', ...REQUEST_LINE_KEYS].join(',') }) }
}
