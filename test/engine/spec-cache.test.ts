import t from 'tap'
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadSpec } from '../../src/spec/load.js'
import { defaultOptions } from '../../src/server.js'

t.test('an unchanged spec file is read once per process; a changed one again', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-spec-cache-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const path = join(dir, 'wm-profiles.yaml')
  await copyFile(join(defaultOptions.specsDir, 'wm-profiles.yaml'), path)
  const first = await loadSpec(path)
  t.equal(await loadSpec(path), first, 'the same document, not read again')
  await writeFile(path, (await readFile(path, 'utf8')).replace('title: WM Customer Profiles', 'title: WM Customer Profiles (edited)'))
  const edited = await loadSpec(path)
  t.not(edited, first)
  t.equal(edited.doc.info.title, 'WM Customer Profiles (edited)')
})

t.test('a spec that failed to load is tried again once it is fixed', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-spec-cache-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const path = join(dir, 'api.yaml')
  await writeFile(path, 'openapi: [3.1\n')
  await t.rejects(loadSpec(path), /spec api\.yaml: cannot be read as YAML/)
  await copyFile(join(defaultOptions.specsDir, 'wm-profiles.yaml'), path)
  t.equal((await loadSpec(path)).doc.info.title, 'WM Customer Profiles')
  await rm(path)
  await t.rejects(loadSpec(path), /spec api\.yaml: cannot be read: ENOENT/, 'a file gone is an error, not a cached document')
})
