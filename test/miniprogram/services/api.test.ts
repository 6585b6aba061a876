import { ApiError, apiRetry, fetchRoom, signIn } from '../../../miniprogram/services/api'
import { fetchZegoToken, sendLiveComment } from '../../../miniprogram/live/services/live-api'
import { config } from '../../../miniprogram/config'
import { FakeServer } from '../../fakes/server-api'
import { makeRoom } from '../../fakes/server-fixtures'
import { wxLedger } from '../../fakes/wx'

let server: FakeServer

beforeEach(() => {
  apiRetry.delaysMs = [0, 0]
  getApp<IAppOption>().globalData.sessionToken = undefined
  wxLedger.clear()
  server = new FakeServer().install()
  server.userId = 'anchor-1'
  server.addRoom(makeRoom('r1'))
})

describe('merchant server API', () => {
  it('signs in with the wx.login code, then sends the session as a Bearer token to the configured server', async () => {
    const token = await fetchZegoToken('r1')
    expect(server.paths()).toEqual(['POST /api/auth/login', 'POST /api/zego/token'])
    expect(server.requests[0].body).toEqual({ code: 'wx-code-1' })
    expect(server.requests[1]).toMatchObject({ body: { roomId: 'r1' }, authorization: 'Bearer session-1-anchor-1' })
    expect((wxLedger.of('request')[0].args[0] as { url: string }).url).toBe(`${config.serverUrl}/api/auth/login`)
    expect(token).toEqual({ appId: config.zegoAppId, userId: 'anchor-1', token: '04token-anchor-1-r1-1', expiresAt: 1_700_003_600 })
  })

  it('signs in with the local demo\'s devLoginCode instead of wx.login when config-local.ts sets one', async () => {
    const settings = config as { devLoginCode: string }
    settings.devLoginCode = 'dev:demo-shopper'
    try {
      await signIn()
    } finally {
      settings.devLoginCode = ''
    }
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/api/auth/login', body: { code: 'dev:demo-shopper' } })
    expect(wxLedger.of('login')).toHaveLength(0)
  })

  it('uses wx.login\'s code when no devLoginCode is set (every real build)', async () => {
    expect(config.devLoginCode).toBe('')
    await signIn()
    expect(wxLedger.of('login')).toHaveLength(1)
    expect(server.requests[0].body).toEqual({ code: 'wx-code-1' })
  })

  it('concurrent calls share one sign-in', async () => {
    await Promise.all([fetchZegoToken('r1'), fetchRoom('r1')])
    expect(server.paths().filter((p) => p === 'POST /api/auth/login')).toHaveLength(1)
  })

  it('retries network failures with backoff and then succeeds', async () => {
    await signIn()
    server.failNetwork = 2
    const detail = await fetchRoom('r1')
    expect(detail.room.streamId).toBe('r1_anchor-1_main')
    expect(server.paths().filter((p) => p === 'GET /api/rooms/r1')).toHaveLength(3)
  })

  it('never resends a live comment by itself: a lost answer could hide a comment already shown to the room', async () => {
    server.setRoomStatus('r1', 'live')
    await signIn()
    server.failNetwork = 1
    await expect(sendLiveComment('r1', '你好')).rejects.toMatchObject({ kind: 'network' })
    expect(server.paths().filter((p) => p === 'POST /api/rooms/r1/comments')).toHaveLength(1)
    // The person's retry goes through.
    await expect(sendLiveComment('r1', '你好')).resolves.toMatchObject({ text: '你好' })
  })

  it('gives up after the last retry with an error a person can read', async () => {
    await signIn()
    server.failNetwork = 3
    await expect(fetchRoom('r1')).rejects.toMatchObject({ kind: 'network', message: '网络连接失败，请检查网络后重试' })
  })

  it('signs in again once when the session is rejected', async () => {
    await signIn()
    server.expireSessions()
    await fetchZegoToken('r1')
    expect(server.paths()).toEqual(['POST /api/auth/login', 'POST /api/zego/token', 'POST /api/auth/login', 'POST /api/zego/token'])
  })

  it('turns an error body into an ApiError with the server\'s message', async () => {
    const err = await fetchRoom('nope').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ kind: 'http', status: 404, code: 'not_found', message: 'room not found' })
  })
})
