// Helpers shared by the benchmarks (reads, writes, start-up).
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'

export const HOST = '127.0.0.1'

/** A whole-number setting from the environment, within [min, max]; a bad one stops the run with exit code 2. */
export function setting (name, fallback, min, max) {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min || n > max) {
    process.stderr.write(`bench: ${name} must be a whole number from ${min} to ${max}, not "${raw}"\n`)
    process.exit(2)
  }
  return n
}

/** A port of 127.0.0.1 that nothing listens on just now. */
export function freePort () {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, HOST, () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

let clockTicks = 100
try { clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100 } catch {}
export { clockTicks }

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat. */
export function cpuMs (pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // After the command name: state is field 3 of stat(5); utime and stime are fields 14 and 15.
  return (Number(fields[11]) + Number(fields[12])) * 1000 / clockTicks
}
