import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { connect, type Socket } from 'node:net'

export interface Sent {
  method: string
  path: string
  headers?: Record<string, string>
  body?: string | Buffer
}

export interface Answer {
  status: number
  headers: IncomingHttpHeaders
  text: string
  ms: number
}

/** A keep-alive HTTP client of one server on 127.0.0.1, with a bounded number of sockets. */
export function client (port: number, sockets = 8) {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets })
  const send = (sent: Sent, timeoutMs = 10_000): Promise<Answer> => new Promise((resolve, reject) => {
    const started = performance.now()
    // A body is always framed by its length (Node sends a GET's or DELETE's body unframed otherwise).
    const headers = sent.body === undefined ? sent.headers : { ...sent.headers, 'content-length': String(Buffer.byteLength(sent.body)) }
    const req = httpRequest({ host: '127.0.0.1', port, method: sent.method, path: sent.path, headers, agent, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms: ${sent.method} ${sent.path.slice(0, 200)}`)))
    req.on('error', reject)
    req.end(sent.body)
  })
  return { send, close: () => agent.destroy() }
}

/** Raw bytes on a fresh socket; resolves with what the server wrote before closing (or after `waitMs`). */
export function raw (port: number, bytes: string | Buffer, waitMs = 5000): Promise<{ text: string, closed: boolean, socket: Socket }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let text = ''
    const timer = setTimeout(() => resolve({ text, closed: false, socket }), waitMs)
    socket.on('data', (d: Buffer) => { text += d.toString('latin1') })
    socket.on('close', () => { clearTimeout(timer); resolve({ text, closed: true, socket }) })
    socket.on('error', () => {})
    socket.write(bytes)
  })
}

/** The status and JSON body of a raw HTTP answer. */
export function parseRaw (text: string): { status: number, body: unknown } {
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)
  const start = text.indexOf('\r\n\r\n')
  return { status, body: start === -1 ? undefined : JSON.parse(text.slice(start + 4)) }
}
