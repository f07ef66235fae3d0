import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The sandbox's entry point, from its sources: child processes run it with this process's loader flags. */
export const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url))

export interface SandboxProcess { process: ChildProcess, url: string, stderr: () => string }

/**
 * Starts the sandbox in a child process with `args` (after `--port 0 --log-level info`); resolves
 * with its URL once it listens, rejects when it exits first or takes longer than `limitMs`
 * (it compiles the TypeScript sources as it starts: on a busy machine that takes a while).
 */
export function startSandboxProcess (args: readonly string[], limitMs = 90_000): Promise<SandboxProcess> {
  const child = spawn(process.execPath, [...process.execArgv, MAIN, '--port', '0', '--log-level', 'info', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString() })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`the sandbox did not start within ${limitMs / 1000} s: ${err}`)) }, limitMs)
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const address = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1]
      if (address !== undefined) {
        clearTimeout(timer)
        resolve({ process: child, url: address, stderr: () => err })
      }
    })
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the sandbox exited with ${String(code)} before it listened: ${err}`)) })
  })
}

/** The exit code of a child process, once it has exited (null when a signal ended it). */
export function exited (child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}
