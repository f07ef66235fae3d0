// The documentation's walk-throughs run as written. For README.md and every docs/*.md, a fresh
// sandbox (in memory, a free port, an admin token) is started and the file's ```sh blocks run
// top to bottom in one bash shell (`set -euo pipefail`, SANDBOX and SANDBOX_ADMIN_TOKEN
// exported); ```sh skip-test blocks (starting a server, docker) are not run. A failure names the
// file, the block and its line, and shows the block's output. Every relative link of these
// files must resolve to a file of the repository, and a #fragment to one of its headings.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import type { AddressInfo } from 'node:net'
import { buildServer } from '../src/server.js'
import { testBuildOption } from './spec-build.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const ADMIN_TOKEN = 'docs-admin-token'
/** Longest a file's blocks may run together. */
const FILE_TIMEOUT_MS = 60_000
/** Files run at once (each with its own sandbox): most of a walk-through's time is waiting. */
const CONCURRENCY = 3

/** README.md and docs/*.md, as paths relative to the repository. */
function documents (): string[] {
  const docs = existsSync(join(ROOT, 'docs'))
    ? readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)
    : []
  return ['README.md', ...docs]
}

interface Fence { info: string, line: number, text: string }

/** The fenced code blocks of a Markdown text (``` fences at the start of a line). */
function fences (markdown: string): Fence[] {
  const out: Fence[] = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(.*)$/.exec(lines[i]!)
    if (open === null) continue
    const body: string[] = []
    let j = i + 1
    const closes = (line: string): boolean => /^`{3,}\s*$/.test(line) && line.trim().length >= open[1]!.length
    while (j < lines.length && !closes(lines[j]!)) {
      body.push(lines[j]!)
      j++
    }
    out.push({ info: open[2]!.trim(), line: i + 1, text: body.join('\n') })
    i = j
  }
  return out
}

/** Markdown outside fenced code blocks. */
function outsideFences (markdown: string): string {
  return markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1\s*$/gm, '')
}

/** Markdown outside code blocks and code spans (links inside code are examples, not links). */
function prose (markdown: string): string {
  return outsideFences(markdown).replace(/`[^`\n]*`/g, '')
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors (markdown: string): Set<string> {
  const seen = new Map<string, number>()
  const out = new Set<string>()
  for (const line of outsideFences(markdown).split('\n')) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)
    if (heading === null) continue
    const text = heading[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    const base = text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-')
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    out.add(n === 0 ? base : `${base}-${n}`)
  }
  return out
}

interface Run { code: number | null, signal: NodeJS.Signals | null, output: string, timedOut: boolean }

/** Runs a bash script in `cwd` with `env`; stdout and stderr together, killed after the timeout. */
function bash (script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    let output = ''
    let timedOut = false
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { output += chunk })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { output += chunk })
    const timer = setTimeout(() => {
      timedOut = true
      try { process.kill(-child.pid!, 'SIGKILL') } catch { /* already gone */ }
    }, FILE_TIMEOUT_MS)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolvePromise({ code, signal, output, timedOut })
    })
  })
}

const MARK = '@@docs-walkthrough block '

/** One script of the runnable blocks: each announces itself, so a failure names its block. */
function script (blocks: Block[]): string {
  const parts = [
    'set -euo pipefail',
    '__docs_block=0',
    // The command that failed, in the block's output (a failed `test` prints nothing itself).
    `trap 'printf "\\n(failed: %s)\\n" "$BASH_COMMAND"' ERR`,
    // Whatever ends the shell early (a failed command, an unset variable), say which block.
    `trap '__rc=$?; if [ "$__rc" != 0 ]; then printf "\\n@@docs-walkthrough failed: exit %s in block %s\\n" "$__rc" "$__docs_block"; fi' EXIT`,
  ]
  for (const block of blocks) {
    parts.push(`__docs_block=${block.n}`, `printf '\\n${MARK}%s\\n' ${block.n}`, block.text)
  }
  parts.push('__docs_block=done')
  return parts.join('\n') + '\n'
}

type Block = Fence & { n: number }

let slots = CONCURRENCY
const waiting: Array<() => void> = []
async function slot<T> (work: () => Promise<T>): Promise<T> {
  if (slots === 0) await new Promise<void>((resolveSlot) => waiting.push(resolveSlot))
  else slots--
  try {
    return await work()
  } finally {
    const next = waiting.shift()
    if (next === undefined) slots++
    else next()
  }
}

/**
 * A fresh sandbox (in memory, a free port, the admin token), the blocks in bash, then it stops.
 * A file with `<!-- docs-walkthrough: --specs PATH -->` gets a sandbox of those specs (a path of the repository).
 */
async function runBlocks (blocks: Block[], specs?: string): Promise<Run> {
  const app = await buildServer({
    inMemory: true,
    adminToken: ADMIN_TOKEN,
    logLevel: 'silent',
    ...testBuildOption(), // the tests' spec build when it matches the sources (test/spec-build.ts)
    ...(specs === undefined ? {} : { specsDir: join(ROOT, specs) }),
  })
  const cwd = await mkdtemp(join(tmpdir(), 'docs-walkthrough-'))
  try {
    await app.listen({ port: 0, host: '127.0.0.1' })
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    const env = { ...process.env, SANDBOX: url, SANDBOX_ADMIN_TOKEN: ADMIN_TOKEN, NO_COLOR: '1' }
    return await bash(script(blocks), cwd, env)
  } finally {
    await app.close()
    await rm(cwd, { recursive: true, force: true })
  }
}

for (const file of documents()) {
  const markdown = readFileSync(join(ROOT, file), 'utf8')
  const all = fences(markdown)
  const runnable = all.filter((f) => f.info === 'sh').map((f, i) => ({ ...f, n: i + 1 }))

  t.test(`${file}: shell blocks are either sh or sh skip-test`, async (t) => {
    const odd = all.filter((f) => /^(ba|z)?sh\b|^shell\b|^console\b/.test(f.info) && f.info !== 'sh' && f.info !== 'sh skip-test')
    t.same(odd.map((f) => `line ${f.line}: \`\`\`${f.info}`), [], 'every shell block is marked sh (run by this test) or sh skip-test')
  })

  if (runnable.length === 0) continue
  // Started now, several files at once; each file's test below waits for its own run.
  const running = slot(() => runBlocks(runnable, /<!-- docs-walkthrough: --specs (\S+) -->/.exec(markdown)?.[1]))
  running.catch(() => {}) // reported by the file's test

  t.test(`${file}: the first sh block sets SANDBOX, by default the address a plain start listens on`, async (t) => {
    const { readConfig } = await import('../src/config.js')
    const { host, port } = readConfig([], {})
    const defaults = [`http://${host}:${port}`, `http://localhost:${port}`]
    const set = /SANDBOX=\$\{SANDBOX:-([^}]+)\}/.exec(runnable[0]!.text)
    t.ok(set !== null && defaults.includes(set[1]!), `${file} line ${runnable[0]!.line}: the first sh block sets SANDBOX=\${SANDBOX:-${defaults[0]}} (found ${set?.[0] ?? 'none'}), so it runs as written against npm start`)
  })

  t.test(`${file}: its ${runnable.length} sh block(s) run top to bottom against a fresh sandbox`, async (t) => {
    const run = await running
    const failed = /@@docs-walkthrough failed: exit (\d+) in block (\w+)/.exec(run.output)
    const n = failed === null ? undefined : Number(failed[2])
    const block = runnable.find((b) => b.n === n)
    if (run.timedOut) {
      t.fail(`${file}: the sh blocks did not finish within ${FILE_TIMEOUT_MS / 1000} s`, { output: run.output })
    } else if (run.code !== 0 || failed !== null) {
      const start = n === undefined ? -1 : run.output.lastIndexOf(`${MARK}${n}\n`)
      const output = start < 0 ? run.output : run.output.slice(start + `${MARK}${n}\n`.length)
      t.fail(`${file}: sh block ${n ?? '?'}${block === undefined ? '' : ` (line ${block.line})`} failed with exit ${failed?.[1] ?? run.code}`, {
        block: block?.text ?? '',
        output: output.replace(/\n?@@docs-walkthrough failed:.*\n?$/, '') || '(none)',
      })
    } else {
      t.pass(`${file}: every sh block ran (exit 0)`)
    }
    t.match(run.output, `${MARK}${runnable.length}\n`, `${file}: the last block (${runnable.length}) was reached`)
  })
}

t.test('relative links of README.md and docs/*.md resolve to files and headings', async (t) => {
  const broken: string[] = []
  for (const file of documents()) {
    const text = prose(readFileSync(join(ROOT, file), 'utf8'))
    for (const match of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)|^\[[^\]]+\]:\s*(\S+)/gm)) {
      const target = match[1] ?? match[2]!
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue // http:, https:, mailto:
      const [path, fragment] = target.split('#') as [string, string | undefined]
      const absolute = path === '' ? join(ROOT, file) : resolve(dirname(join(ROOT, file)), decodeURIComponent(path))
      if (!absolute.startsWith(ROOT) || !existsSync(absolute)) {
        broken.push(`${file}: ${target} (no file ${relative(ROOT, absolute)})`)
        continue
      }
      if (fragment !== undefined && fragment !== '' && absolute.endsWith('.md') && statSync(absolute).isFile()) {
        if (!anchors(readFileSync(absolute, 'utf8')).has(fragment.toLowerCase())) broken.push(`${file}: ${target} (no heading #${fragment} in ${relative(ROOT, absolute)})`)
      }
    }
  }
  t.same(broken, [], 'every relative link and anchor resolves')
})

t.test('docs/configuration.md names every flag and environment variable of --help', async (t) => {
  const { HELP } = await import('../src/config.js')
  const page = readFileSync(join(ROOT, 'docs/configuration.md'), 'utf8')
  const flags = [...HELP.matchAll(/(?:^|\s)(--[a-z][a-z-]*)/gm)].map((m) => m[1]!)
  const variables = [...HELP.matchAll(/\benv ([A-Z][A-Z0-9_]*)/g), ...HELP.matchAll(/, else ([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!)
  t.ok(flags.length > 10 && variables.length > 10, `--help lists ${flags.length} flags and ${variables.length} variables`)
  const missing = [...new Set([...flags, ...variables])].filter((name) => !page.includes(`\`${name}`))
  t.same(missing, [], 'each is in docs/configuration.md (as `code`)')
})

t.test('yaml blocks of the docs parse, and the CI recipes match the Dockerfile', async (t) => {
  const { parse } = await import('yaml')
  for (const file of documents()) {
    for (const block of fences(readFileSync(join(ROOT, file), 'utf8')).filter((f) => f.info === 'yaml')) {
      t.doesNotThrow(() => parse(block.text), `${file} line ${block.line}: the yaml block parses`)
    }
  }
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
  const port = /^EXPOSE (\d+)$/m.exec(dockerfile)?.[1]
  const health = /HEALTHCHECK[\s\S]*?(\/__sandbox\/health)/.exec(dockerfile)?.[1]
  t.ok(port !== undefined && health !== undefined, `the Dockerfile exposes ${port} and checks ${health}`)
  const recipes = fences(readFileSync(join(ROOT, 'docs/docker-and-ci.md'), 'utf8')).filter((f) => f.info === 'yaml' || f.info === 'ts')
  t.ok(recipes.length >= 3, 'docs/docker-and-ci.md has the Compose, GitHub Actions and Testcontainers recipes')
  for (const recipe of recipes.filter((r) => /--health-cmd|healthcheck:|Wait\.forHttp/.test(r.text))) {
    t.match(recipe.text, `${port}`, `docs/docker-and-ci.md line ${recipe.line}: the recipe uses the image's port ${port}`)
    t.match(recipe.text, `${health}`, `docs/docker-and-ci.md line ${recipe.line}: the recipe waits on ${health}`)
  }
})

t.test('the specs name only documents of the repository (docs/…md, and its § sections)', async (t) => {
  const specs = readdirSync(join(ROOT, 'specs')).filter((f) => /\.ya?ml$/.test(f))
  let named = 0
  for (const spec of specs) {
    const text = readFileSync(join(ROOT, 'specs', spec), 'utf8')
    for (const match of text.matchAll(/`([\w./-]+\.md)`(?: §(\d+))?/g)) {
      named++
      const [, doc, section] = match
      t.ok(existsSync(join(ROOT, doc!)), `specs/${spec}: ${doc} is in the repository`)
      if (section !== undefined && existsSync(join(ROOT, doc!))) {
        t.match(readFileSync(join(ROOT, doc!), 'utf8'), new RegExp(`^## ${section}\\. `, 'm'), `specs/${spec}: ${doc} has a section ${section}`)
      }
    }
  }
  t.ok(named >= specs.length, `the specs name ${named} documents`)
})
