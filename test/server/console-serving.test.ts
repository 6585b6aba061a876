/**
 * The console's server side in-process: the built files at /admin (through @fastify/static and
 * through the fallback handler used where the plugin cannot load, which must answer alike), image
 * uploads checked by type and size, and the live monitor's event stream.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Fastify from 'fastify'
import type { Room } from '../../miniprogram/core/api-types'
import { consoleStatic } from '../../server/src/console/console-static'
import { UPLOAD_MAX_BYTES } from '../../server/src/console/upload-routes'
import { createStaff, staffRead, staffSignIn, staffWrite, type StaffLogin } from './support/staff-session'
import { createTestServer, type TestServer } from './support/test-server'

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

describe('console serving', () => {
  const consoleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-dist-'))
  let server: TestServer
  let staff: StaffLogin

  beforeAll(async () => {
    fs.mkdirSync(path.join(consoleDir, 'assets'))
    fs.writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><div id="app"></div>')
    fs.writeFileSync(path.join(consoleDir, 'assets/app.js'), 'console.log(1)')
    server = await createTestServer({ consoleDir })
    await createStaff(server, 'operator1', 'operator')
    staff = await staffSignIn(server, 'operator1')
  })
  afterAll(async () => {
    await server.close()
    fs.rmSync(consoleDir, { recursive: true, force: true })
  })

  it.each([
    ['fastify-static', true],
    ['fallback', false],
  ] as const)('serves the console at /admin through %s: index.html for client routes, assets by type, nothing outside', async (kind, preferPlugin) => {
    const app = Fastify()
    try {
      expect(await consoleStatic(app, { dir: consoleDir, preferPlugin })).toBe(kind)
      const index = await app.inject({ url: '/admin' })
      expect({ status: index.statusCode, type: index.headers['content-type'], frame: index.headers['x-frame-options'] }).toEqual({ status: 200, type: 'text/html; charset=utf-8', frame: 'DENY' })
      expect(index.headers['content-security-policy']).toMatch(/default-src 'self'/)
      expect((await app.inject({ url: '/admin/goods/new' })).body).toContain('id="app"')
      const asset = await app.inject({ url: '/admin/assets/app.js' })
      expect({ status: asset.statusCode, type: asset.headers['content-type'], sniff: asset.headers['x-content-type-options'], body: asset.body }).toEqual({ status: 200, type: 'text/javascript; charset=utf-8', sniff: 'nosniff', body: 'console.log(1)' })
      const escape = await app.inject({ url: '/admin/..%2f..%2f..%2fpackage.json' })
      expect(escape.body).not.toContain('"name"')
    } finally {
      await app.close()
    }
  })

  it('serves the console from the real server at /admin', async () => {
    const asset = await server.request({ url: '/admin/assets/app.js' })
    expect({ status: asset.statusCode, type: asset.headers.get('content-type'), body: asset.body }).toEqual({ status: 200, type: 'text/javascript; charset=utf-8', body: 'console.log(1)' })
  })

  it('answers 503 saying how to build when there is no build', async () => {
    const bare = await createTestServer()
    try {
      const res = await bare.request({ url: '/admin/' })
      expect({ status: res.statusCode, error: res.json().error }).toEqual({ status: 503, error: 'console_not_built' })
    } finally {
      await bare.close()
    }
  })

  const upload = (file: Blob, name: string, headers: Record<string, string>) => {
    const form = new FormData()
    form.append('file', file, name)
    return fetch(`${server.baseUrl}/api/admin/uploads`, { method: 'POST', body: form, headers })
  }

  it('stores an uploaded image under a random name and serves it back', async () => {
    const res = await upload(new Blob([PNG], { type: 'image/png' }), 'a.png', staffWrite(staff))
    expect(res.status).toBe(201)
    const { url } = (await res.json()) as { url: string }
    expect(url).toMatch(new RegExp(`^${server.baseUrl}/uploads/[0-9a-f]{32}\\.png$`))
    const back = await fetch(url)
    expect({ status: back.status, type: back.headers.get('content-type'), same: Buffer.from(await back.arrayBuffer()).equals(PNG) }).toEqual({ status: 200, type: 'image/png', same: true })
    expect((await fetch(`${server.baseUrl}/uploads/..%2ftest.sqlite`)).status).toBe(404)
  })

  it('refuses content that is not the image it claims, files over the limit, and writes without a session or CSRF token', async () => {
    const fake = await upload(new Blob(['<svg onload=alert(1)>'], { type: 'image/png' }), 'x.png', staffWrite(staff))
    expect({ status: fake.status, body: await fake.json() }).toMatchObject({ status: 415, body: { error: 'unsupported_image', field: 'file' } })
    const big = await upload(new Blob([PNG, Buffer.alloc(UPLOAD_MAX_BYTES)], { type: 'image/png' }), 'big.png', staffWrite(staff))
    expect({ status: big.status, body: await big.json() }).toMatchObject({ status: 413, body: { field: 'file' } })
    expect((await upload(new Blob([PNG], { type: 'image/png' }), 'a.png', {})).status).toBe(401)
    expect((await upload(new Blob([PNG], { type: 'image/png' }), 'a.png', staffRead(staff))).status).toBe(403)
  })

  it('takes multipart bodies on the upload route only: a JSON route answers 415 naming content-type', async () => {
    const form = new FormData()
    form.append('title', 'a goods')
    const answers = await Promise.all(
      ['/api/goods', '/api/rooms', '/api/addresses'].map(async (url) => {
        const res = await fetch(`${server.baseUrl}${url}`, { method: 'POST', body: form, headers: staffWrite(staff) })
        return { url, status: res.status, body: (await res.json()) as Record<string, unknown> }
      }),
    )
    expect(answers).toEqual(['/api/goods', '/api/rooms', '/api/addresses'].map((url) => ({ url, status: 415, body: expect.objectContaining({ error: 'unsupported_media_type', field: 'content-type' }) })))
  })

  it('streams a room to the monitor: a snapshot, then deletions and room changes as they happen', async () => {
    const anchor = await server.signIn('serving-anchor', 'anchor')
    const created = await server.request({ method: 'POST', url: '/api/rooms', headers: staffWrite(staff), payload: { title: 'Monitor', anchorUserId: anchor.user.id, scheduledStart: 1_795_400_000 } })
    const room = created.json<{ room: Room }>().room
    await server.handles.database.db.insertInto('live_comments').values({ id: 'msg-1', room_id: room.id, user_id: 'u_x', nickname: '观众', text: 'hello', sent_at: 1 }).execute()

    const controller = new AbortController()
    const res = await fetch(`${server.baseUrl}/api/admin/rooms/${room.id}/events`, { headers: staffRead(staff), signal: controller.signal })
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const reader = res.body!.getReader()
    let text = ''
    const until = async (pattern: RegExp): Promise<void> => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read()
        if (done) throw new Error(`stream ended before ${pattern}; saw ${text}`)
        text += Buffer.from(value).toString('utf8')
      }
    }
    await until(/event: snapshot\ndata: .*"hello"/)
    // Subscribed once the snapshot is written; the deletion below is pushed to it.
    expect((await server.request({ method: 'DELETE', url: `/api/admin/rooms/${room.id}/comments/msg-1`, headers: staffWrite(staff) })).statusCode).toBe(204)
    await until(/event: comment_deleted\ndata: \{"type":"comment_deleted","commentId":"msg-1"\}/)
    await server.request({ method: 'PATCH', url: `/api/rooms/${room.id}`, headers: staffWrite(staff), payload: { title: 'Renamed' } })
    await until(/event: room\ndata: .*"Renamed"/)
    expect((await server.request({ method: 'DELETE', url: `/api/admin/rooms/${room.id}/comments/msg-1`, headers: staffWrite(staff) })).statusCode).toBe(404)
    controller.abort()
  })
})
