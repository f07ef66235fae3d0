import { buildServer } from '../../src/server.js'
import { testBuildOption } from '../spec-build.js'

// A sandbox in a process of its own, so that its memory can be measured alone. Started by
// memory.test.ts with fork(): it sends its port, answers 'rss' with its resident set size
// (after a full collection when --expose-gc is on), and stops on 'stop'.
const app = await buildServer({ ...testBuildOption(), inMemory: true, logLevel: 'silent', adminToken: 'reliability-admin-token' })
await app.listen({ port: 0, host: '127.0.0.1' })
const address = app.server.address()
process.send?.({ port: typeof address === 'object' && address !== null ? address.port : 0 })
process.on('message', (message) => {
  if (message === 'rss') {
    (globalThis as { gc?: () => void }).gc?.()
    process.send?.({ rss: process.memoryUsage().rss })
  } else if (message === 'stop') {
    app.close().then(() => process.exit(0), () => process.exit(1))
  }
})
