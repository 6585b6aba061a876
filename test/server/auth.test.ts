import type { LoginResponse, MeResponse } from '../../miniprogram/core/api-types'
import { FakeWechatApi } from '../fakes/wechat-api'
import { bearer, createTestServer, type TestServer } from './support/test-server'

describe('sign-in through WeChat jscode2session', () => {
  let wechat: FakeWechatApi
  let server: TestServer

  beforeAll(async () => {
    wechat = new FakeWechatApi()
    await wechat.start()
    server = await createTestServer({ wechat })
  })

  afterAll(async () => {
    await server.close()
    await wechat.close()
  })

  it('exchanges a wx.login code for a session and the same user next time', async () => {
    wechat.loginCodes.set('code-a', { openid: 'openid-a' })
    const first = await server.request({ method: 'POST', url: '/api/auth/login', payload: { code: 'code-a' } })
    expect(first.statusCode).toBe(200)
    const login = first.json<LoginResponse>()
    expect(login.user).toEqual({ id: expect.stringMatching(/^u_/), openid: 'openid-a', role: 'shopper' })
    const call = wechat.callsTo('/sns/jscode2session')[0]
    expect(call?.query).toEqual({ appid: wechat.appId, secret: wechat.appSecret, js_code: 'code-a', grant_type: 'authorization_code' })

    wechat.loginCodes.set('code-b', { openid: 'openid-a' })
    const again = (await server.request({ method: 'POST', url: '/api/auth/login', payload: { code: 'code-b' } })).json<LoginResponse>()
    expect(again.user.id).toBe(login.user.id)

    const me = await server.request({ method: 'GET', url: '/api/me', headers: bearer(again) })
    expect(me.json<MeResponse>().user).toEqual(login.user)
  })

  it('answers 400 naming code for an invalid or reused code (40029)', async () => {
    const res = await server.request({ method: 'POST', url: '/api/auth/login', payload: { code: 'never-issued' } })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ error: 'invalid_code', field: 'code' })
  })

  it('does not accept dev codes when WeChat credentials are configured', async () => {
    const res = await server.request({ method: 'POST', url: '/api/auth/login', payload: { code: 'dev:someone' } })
    expect(res.statusCode).toBe(400)
    expect(wechat.callsTo('/sns/jscode2session').at(-1)?.query.js_code).toBe('dev:someone')
  })

  it('answers 502 (not 500) when WeChat is down', async () => {
    wechat.injectFault('/sns/jscode2session', { kind: 'http', status: 503 })
    const res = await server.request({ method: 'POST', url: '/api/auth/login', payload: { code: 'whatever' } })
    expect(res.statusCode).toBe(502)
    expect(res.json()).toMatchObject({ error: 'upstream_unavailable' })
  })

  it('reports production mode in /healthz', async () => {
    const res = await server.request({ method: 'GET', url: '/healthz' })
    expect(res.json()).toEqual({ ok: true, devMode: false, database: 'sqlite', sharedStore: 'memory', payments: 'simulator', recording: 'off', recordingNotice: expect.stringContaining('ZEGO_RECORD_STORAGE_VENDOR'), storage: 'local' })
  })

  it('applies a role change at once, without signing in again', async () => {
    wechat.loginCodes.set('code-c', { openid: 'openid-c' })
    const login = (await server.request({ method: 'POST', url: '/api/auth/login', payload: { code: 'code-c' } })).json<LoginResponse>()
    await server.handles.users.setRole('openid-c', 'admin')
    const me = await server.request({ method: 'GET', url: '/api/me', headers: bearer(login) })
    expect(me.json<MeResponse>().user.role).toBe('admin')
  })
})

describe('dev mode (no WeChat credentials)', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await createTestServer()
  })

  afterAll(() => server.close())

  it('accepts dev:<openid>, and says so in /healthz and the log', async () => {
    const res = await server.request({ method: 'POST', url: '/api/auth/login', payload: { code: 'dev:alice' } })
    expect(res.statusCode).toBe(200)
    expect(res.json<LoginResponse>().user).toMatchObject({ openid: 'alice', role: 'shopper' })
    const health = (await server.request({ method: 'GET', url: '/healthz' })).json<{ devMode: boolean; notice: string }>()
    expect(health.devMode).toBe(true)
    expect(health.notice).toMatch(/DEV MODE/)
    expect(server.logs.some((line) => line.includes('DEV MODE') && line.includes('"level":40'))).toBe(true)
  })

  it.each([['alice'], ['dev:'], ['dev:has space'], [`dev:${'x'.repeat(65)}`]])('rejects %p naming code', async (code) => {
    const res = await server.request({ method: 'POST', url: '/api/auth/login', payload: { code } })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ field: 'code' })
  })

  it('answers 503 for WeChat live rooms, which need credentials', async () => {
    const res = await server.request({ method: 'GET', url: '/api/wechat-live/rooms' })
    expect(res.statusCode).toBe(503)
    expect(res.json()).toMatchObject({ error: 'wechat_not_configured' })
  })

  it.each([
    [{}, 'code'],
    [{ code: '' }, 'code'],
    [{ code: { nested: true } }, 'code'],
    [{ code: 'dev:a', role: 'admin' }, 'role'],
  ])('validates the login body %p', async (payload, field) => {
    const res = await server.request({ method: 'POST', url: '/api/auth/login', payload })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ error: 'bad_request', field })
  })

  it('rejects malformed JSON and a malformed Authorization header', async () => {
    const bad = await server.request({ method: 'POST', url: '/api/auth/login', rawBody: '{' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ field: 'body' })
    const header = await server.request({ method: 'GET', url: '/api/me', headers: { authorization: 'Token abc' } })
    expect(header.statusCode).toBe(401)
    expect(header.json()).toMatchObject({ field: 'authorization' })
  })

  it('serves the OpenAPI document listing every route', async () => {
    const doc = (await server.request({ method: 'GET', url: '/docs/json' })).json<{ openapi: string; paths: Record<string, unknown> }>()
    expect(doc.openapi).toMatch(/^3\./)
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/api/auth/login', '/api/me', '/api/zego/token', '/api/wechat-live/rooms', '/api/wechat-live/rooms/{roomId}/replays', '/api/goods', '/api/goods/{id}', '/api/rooms', '/api/rooms/{id}', '/api/rooms/{id}/comments']),
    )
  })
})
