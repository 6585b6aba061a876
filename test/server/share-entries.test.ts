/**
 * Share opens credited to their sharer, room codes from WeChat's getwxacodeunlimit (the fake)
 * whose scene maps back to the room and its sharer, and the client configuration route.
 */
import type { LoginResponse, Room } from '../../miniprogram/core/api-types'
import type { ShareTokenResponse } from '../../miniprogram/contract/order-schemas'
import type { ClientConfigResponse, RoomCodeResponse, SceneTargetResponse, ShareOpenResponse, ShareOpensResponse } from '../../miniprogram/contract/share-schemas'
import { loadConfig, ConfigError } from '../../server/src/config'
import { verifyShareToken } from '../../server/src/shares/share-token'
import { FakeWechatApi } from '../fakes/wechat-api'
import { readFakeCodeImage } from '../fakes/wechat-api-fixtures'
import { goodsWithSkus, placeOrder } from './support/buying-fixtures'
import { onEachEngine } from './support/engines'
import { TEST_SESSION_SECRET, baseEnv, bearer, createTestServer, type TestServer } from './support/test-server'

const CODE_PATH = '/wxa/getwxacodeunlimit'

onEachEngine('share opens and room codes', (env) => {
  let wechat: FakeWechatApi
  let server: TestServer
  let admin: LoginResponse
  let sharer: LoginResponse
  let opener: LoginResponse
  let room: Room
  let skuId: string

  beforeAll(async () => {
    wechat = new FakeWechatApi()
    await wechat.start()
    server = await createTestServer({ wechat, env: { ...env, CHANNELS_FINDER_USERNAME: 'sphAbC123' } })
    admin = await server.signIn('entry-admin', 'admin')
    sharer = await server.signIn('entry-sharer')
    opener = await server.signIn('entry-opener')
    const anchor = await server.signIn('entry-anchor', 'anchor')
    room = (await server.request({ method: 'POST', url: '/api/rooms', headers: bearer(admin), payload: { title: '扫码直播间', anchorUserId: anchor.user.id, scheduledStart: 1_795_400_000 } })).json<{ room: Room }>().room
    skuId = (await goodsWithSkus(server, admin, [{ value: '默认', priceFen: 1200, stock: 100 }])).skus[0]?.id ?? ''
  })
  afterAll(async () => {
    await server.close()
    await wechat.close()
  })
  beforeEach(() => wechat.clearFaults())

  const tokenOf = async (login: LoginResponse, payload: Record<string, unknown>): Promise<string> => {
    const res = await server.request({ method: 'POST', url: '/api/shares', headers: bearer(login), payload })
    expect([res.statusCode, res.body.slice(0, 120)]).toEqual([200, expect.any(String)])
    return res.json<ShareTokenResponse>().shareToken
  }
  const openCard = (login: LoginResponse, shareToken: string, channel = 'group') => server.request({ method: 'POST', url: '/api/share-opens', headers: bearer(login), payload: { shareToken, channel } })

  it('records a share card opened by another user for its sharer and room, and credits a later order from it', async () => {
    const token = await tokenOf(sharer, { roomId: room.id })
    const opened = await openCard(opener, token)
    expect([opened.statusCode, opened.json<ShareOpenResponse>()]).toEqual([200, { recorded: true, roomId: room.id }])
    await openCard(opener, token, 'chat')
    // The sharer opening their own card is no open to credit.
    expect((await openCard(sharer, token)).json<ShareOpenResponse>().recorded).toBe(false)

    const stats = await server.request({ method: 'GET', url: `/api/admin/share-opens?roomId=${room.id}`, headers: bearer(admin) })
    expect(stats.json<ShareOpensResponse>().rows).toEqual([{ sharerUserId: sharer.user.id, openers: 1, opens: 2 }])
    expect((await server.request({ method: 'GET', url: `/api/admin/share-opens?roomId=${room.id}`, headers: bearer(opener) })).statusCode).toBe(403)

    // The opener buys later from the room, carrying no token: the open credits the sharer.
    const order = await placeOrder(server, opener, [{ skuId, quantity: 1 }], { roomId: room.id })
    const row = await server.handles.database.db.selectFrom('orders').select('sharer_user_id').where('id', '=', order.id).executeTakeFirstOrThrow()
    expect(row.sharer_user_id).toBe(sharer.user.id)
  })

  it('refuses forged and edited tokens naming the field, and records nothing for them', async () => {
    const token = await tokenOf(sharer, { goodsId: 'g_none' }).catch(() => '')
    expect(token).toBe('')
    const genuine = await tokenOf(sharer, { roomId: room.id })
    const [prefix, payload, mac] = genuine.split('.')
    const edited = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()), u: admin.user.id })).toString('base64url')
    for (const forged of [`${prefix}.${edited}.${mac}`, 'not-a-token', opener.token]) {
      const res = await openCard(opener, forged)
      expect([res.statusCode, res.json()]).toEqual([400, expect.objectContaining({ error: 'invalid_share_token', field: 'shareToken' })])
    }
    const bad = await server.request({ method: 'POST', url: '/api/share-opens', headers: bearer(opener), payload: { shareToken: genuine, channel: 'telepathy' } })
    expect([bad.statusCode, bad.json()]).toEqual([400, expect.objectContaining({ field: 'channel' })])
  })

  it('makes one code per room and sharer whose scene maps back to the room and credits its maker', async () => {
    const before = wechat.callsTo(CODE_PATH).length
    const res = await server.request({ method: 'POST', url: '/api/room-codes', headers: bearer(sharer), payload: { roomId: room.id } })
    expect(res.statusCode).toBe(200)
    const code = res.json<RoomCodeResponse>()
    expect(code.scene.length).toBeLessThanOrEqual(32)
    expect(code.scene).toMatch(/^[A-Za-z0-9_-]+$/)
    expect({ page: code.page, contentType: code.contentType }).toEqual({ page: 'share/entry/index', contentType: 'image/jpeg' })
    expect(readFakeCodeImage(Buffer.from(code.imageBase64, 'base64'))).toEqual({ scene: code.scene, page: 'share/entry/index' })
    expect(wechat.callsTo(CODE_PATH).slice(before).map((c) => c.body)).toEqual([{ scene: code.scene, page: 'share/entry/index', check_path: true, env_version: 'release', width: 430 }])

    const again = await server.request({ method: 'POST', url: '/api/room-codes', headers: bearer(sharer), payload: { roomId: room.id } })
    expect(again.json<RoomCodeResponse>().scene).toBe(code.scene)
    expect(wechat.callsTo(CODE_PATH).length).toBe(before + 1)

    const target = (await server.request({ method: 'GET', url: `/api/room-codes/${code.scene}`, headers: bearer(opener) })).json<SceneTargetResponse>()
    expect(target).toEqual({ kind: 'room', roomId: room.id, shareToken: expect.any(String) })
    expect(verifyShareToken(TEST_SESSION_SECRET, target.shareToken, Math.floor(server.clock.nowMs() / 1000))).toEqual(expect.objectContaining({ u: sharer.user.id, r: room.id }))
    expect((await openCard(opener, target.shareToken, 'code')).json<ShareOpenResponse>()).toEqual({ recorded: true, roomId: room.id })

    const unknown = await server.request({ method: 'GET', url: '/api/room-codes/cUnknownScene00', headers: bearer(opener) })
    expect([unknown.statusCode, unknown.json()]).toEqual([404, expect.objectContaining({ field: 'scene' })])
    const both = await server.request({ method: 'POST', url: '/api/room-codes', headers: bearer(sharer), payload: { roomId: room.id, wechatRoomId: 5 } })
    expect(both.statusCode).toBe(400)
  })

  it('maps a WeChat live room code to that room and its sharer', async () => {
    const code = (await server.request({ method: 'POST', url: '/api/room-codes', headers: bearer(sharer), payload: { wechatRoomId: 321 } })).json<RoomCodeResponse>()
    const target = (await server.request({ method: 'GET', url: `/api/room-codes/${code.scene}`, headers: bearer(opener) })).json<SceneTargetResponse>()
    expect({ kind: target.kind, wechatRoomId: target.wechatRoomId }).toEqual({ kind: 'wechat', wechatRoomId: 321 })
    expect(verifyShareToken(TEST_SESSION_SECRET, target.shareToken, Math.floor(server.clock.nowMs() / 1000))).toEqual(expect.objectContaining({ u: sharer.user.id, w: 321 }))
  })

  it('answers what WeChat refused in words: page not released, rate limit, and retries a revoked token once', async () => {
    const ask = (login: LoginResponse) => server.request({ method: 'POST', url: '/api/room-codes', headers: bearer(login), payload: { roomId: room.id } })
    wechat.releasedPages.clear()
    const unreleased = await ask(opener)
    expect([unreleased.statusCode, unreleased.json()]).toEqual([502, expect.objectContaining({ error: 'code_page_not_released' })])
    wechat.releasedPages.add('share/entry/index')
    wechat.injectFault(CODE_PATH, { kind: 'errcode', errcode: 45009 })
    const limited = await ask(opener)
    expect([limited.statusCode, limited.json()]).toEqual([503, expect.objectContaining({ error: 'upstream_rate_limited' })])
    wechat.revokeTokens()
    const before = wechat.callsTo(CODE_PATH).length
    expect((await ask(opener)).statusCode).toBe(200)
    expect(wechat.callsTo(CODE_PATH).length - before).toBe(2)
  })

  it('serves the Channels ID to the client', async () => {
    const res = await server.request({ method: 'GET', url: '/api/client-config' })
    expect(res.json<ClientConfigResponse>()).toEqual({ channelsFinderUserName: 'sphAbC123' })
  })
})

describe('share entries in dev mode and configuration', () => {
  it('answers 503 for codes without WeChat credentials and null Channels without an ID', async () => {
    const server = await createTestServer()
    try {
      const user = await server.signIn('dev-sharer')
      const rooms = await server.request({ method: 'POST', url: '/api/room-codes', headers: bearer(user), payload: { wechatRoomId: 7 } })
      expect([rooms.statusCode, rooms.json()]).toEqual([503, expect.objectContaining({ error: 'wechat_not_configured' })])
      expect((await server.request({ method: 'GET', url: '/api/client-config' })).json<ClientConfigResponse>()).toEqual({ channelsFinderUserName: null })
    } finally {
      await server.close()
    }
  })

  it('refuses a Channels ID with stray characters and an unknown code build', () => {
    const env = { ...baseEnv('/tmp/x.sqlite'), CHANNELS_FINDER_USERNAME: 'sph abc', WECHAT_CODE_ENV_VERSION: 'beta' }
    expect(() => loadConfig(env)).toThrow(ConfigError)
    try {
      loadConfig(env)
    } catch (err) {
      expect((err as ConfigError).problems).toEqual([expect.stringContaining('CHANNELS_FINDER_USERNAME'), expect.stringContaining('WECHAT_CODE_ENV_VERSION')])
    }
    expect(loadConfig({ ...baseEnv('/tmp/x.sqlite'), WECHAT_CODE_ENV_VERSION: 'trial' }).wechatCodeEnvVersion).toBe('trial')
  })
})
