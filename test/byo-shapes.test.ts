import t from 'tap'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { byo } from './byo-helpers.js'

// A spec of other shapes: actions, a singleton, an operation documenting only `default`, no security, no operationIds.
const SPEC = `openapi: 3.1.0
info: { title: Shapes, version: '1' }
paths:
  /status:
    get:
      responses:
        '200':
          description: Up
          content:
            application/json:
              schema: { type: object, required: [up], properties: { up: { type: boolean } } }
              example: { up: true }
  /search:
    post:
      requestBody:
        content:
          application/json:
            schema: { type: object, properties: { q: { type: string } } }
      responses:
        '200':
          description: Hits
          content:
            application/json:
              schema: { type: object, properties: { hits: { type: integer } } }
              example: { hits: 7 }
  /notes:
    get:
      responses:
        default:
          description: Notes
          content:
            application/json:
              schema: { type: array, items: { $ref: '#/components/schemas/Note' } }
    post:
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Note' }
      responses:
        '201':
          description: Made
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Note' }
  /notes/{noteId}/archive:
    post:
      parameters:
        - { name: noteId, in: path, required: true, schema: { type: integer } }
      responses:
        '202': { description: Accepted }
  /vault:
    get:
      security: [{ key: [], app: [] }]
      responses:
        '200':
          description: Open
          content:
            application/json:
              schema: { type: object, properties: { open: { type: boolean } } }
              example: { open: true }
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: X-Key }
    app: { type: apiKey, in: header, name: X-App }
  schemas:
    Note:
      type: object
      required: [text]
      properties:
        noteId: { type: integer, readOnly: true }
        text: { type: string }
`

t.test('other shapes: a singleton and actions answer their examples, a default-only list serves, operations need no operationId', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'byo-shapes-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  await writeFile(join(dir, 'shapes.yaml'), SPEC)
  const s = await byo(t, join(dir, 'shapes.yaml'))
  t.same((await s.inject({ url: '/status' })).json(), { up: true }, 'no security: anyone, the shared default tenant')
  const search = await s.inject({ method: 'POST', url: '/search', payload: { q: 'x' } })
  t.equal(search.statusCode, 200, 'POST /search is an action, not a create (nothing reads a search back)')
  t.same(search.json(), { hits: 7 })
  const note = await s.inject({ method: 'POST', url: '/notes', payload: { text: 'hello' } })
  t.equal(note.statusCode, 201)
  t.equal(note.json().text, 'hello')
  t.ok(Number.isInteger(note.json().noteId), 'the id field named <thing>Id')
  const list = await s.inject({ url: '/notes' })
  t.equal(list.statusCode, 200, 'an operation documenting only default answers it as its success')
  t.same(list.json().at(-1), note.json())
  const archived = await s.inject({ method: 'POST', url: `/notes/${String(note.json().noteId)}/archive` })
  t.equal(archived.statusCode, 202)
  t.equal(archived.body, '')
  const half = await s.app.inject({ url: '/vault', headers: { 'x-key': 'k' } })
  t.equal(half.statusCode, 401, 'a requirement naming two schemes needs both')
  t.equal(half.json().detail, "header 'X-App' is required")
  t.equal(half.headers['content-type'], 'application/problem+json; charset=utf-8', 'a spec with no error schema: problem details')
  t.same((await s.app.inject({ url: '/vault', headers: { 'x-key': 'k', 'x-app': 'a' } })).json(), { open: true })
  const health = (await s.app.inject({ url: '/__sandbox/health' })).json()
  t.match(health.apis, [{ id: 'shapes' }])
})
