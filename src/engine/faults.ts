import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Fault } from './prefer.js'

/**
 * Breaks the connection the way a failing server would, for testing client resilience:
 * reset (TCP RST), empty (closed with no reply), malformed (a 200 whose JSON is cut in half).
 */
export function sendFault (request: FastifyRequest, reply: FastifyReply, fault: Fault, sample: unknown): void {
  reply.hijack()
  const socket = request.raw.socket
  if (fault === 'reset') {
    socket.resetAndDestroy()
    return
  }
  if (fault === 'empty') {
    socket.end()
    return
  }
  const json = JSON.stringify(sample ?? { sandbox: 'malformed response' })
  const cut = json.slice(0, Math.max(1, Math.floor(json.length / 2)))
  socket.end(`HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${cut}`)
}
