import type { WechatLiveReplaysResponse, WechatLiveRoomsResponse } from '../../miniprogram/core/api-types'
import { FakeWechatApi } from '../fakes/wechat-api'
import { fakeLiveRoom } from '../fakes/wechat-api-fixtures'
import { createTestServer, type TestResponse, type TestServer } from './support/test-server'

const LIVEINFO = '/wxa/business/getliveinfo'
const STABLE_TOKEN = '/cgi-bin/stable_token'

describe('WeChat live rooms through the cache', () => {
  let wechat: FakeWechatApi
  let server: TestServer

  beforeEach(async () => {
    wechat = new FakeWechatApi()
    await wechat.start()
    wechat.rooms = [fakeLiveRoom(11), fakeLiveRoom(12, { live_status: 103 }), fakeLiveRoom(13, { live_status: 102, start_time: 1_900_000_000, end_time: 1_900_007_200 })]
    server = await createTestServer({ wechat })
  })

  afterEach(async () => {
    await server.close()
    await wechat.close()
  })

  const getRooms = (query = ''): Promise<TestResponse> => server.request({ method: 'GET', url: `/api/wechat-live/rooms${query}` })
  /** Moves past the list's freshness window (and the 30 s failure back-off). */
  const expire = (): void => server.clock.advanceSeconds((server.handles.liveRooms?.listMaxAgeSeconds ?? 0) + 31)

  it('answers 1000 concurrent requests with one upstream getliveinfo call', async () => {
    wechat.liveInfoDelayMs = 100
    const responses = await Promise.all(Array.from({ length: 1000 }, () => getRooms()))
    expect(responses.filter((r) => r.statusCode !== 200).map((r) => `${r.statusCode} ${r.body.slice(0, 200)}`)).toEqual([])
    expect(new Set(responses.map((r) => r.body)).size).toBe(1)
    expect(wechat.callsTo(LIVEINFO)).toHaveLength(1)
    expect(wechat.callsTo(STABLE_TOKEN)).toHaveLength(1)
    const body = responses[0]?.json<WechatLiveRoomsResponse>()
    expect(body?.total).toBe(3)
    expect(body?.stale).toBe(false)
    expect(body?.rooms.map((r) => [r.roomId, r.category])).toEqual([
      [11, 'live'],
      [12, 'ended'],
      [13, 'upcoming'],
    ])
  })

  it('maps the documented room JSON (status via the shared module, yuan → fen) and pages locally', async () => {
    const res = await getRooms('?start=1&limit=1')
    const body = res.json<WechatLiveRoomsResponse>()
    expect(body.rooms).toHaveLength(1)
    expect(body.rooms[0]).toMatchObject({ roomId: 12, liveStatus: 103, category: 'ended', statusLabel: '已结束', anchorName: '主播' })
    expect(body.rooms[0]?.goods[0]).toMatchObject({ goodsId: 7, priceFen: 1999, name: '咖啡豆' })
    expect(body.total).toBe(3)
    // The upstream call asked for a whole page, not the client's window.
    expect(wechat.callsTo(LIVEINFO)[0]?.body).toEqual({ start: 0, limit: 100 })
  })

  it('treats 102 past its end time as expired', async () => {
    wechat.rooms = [fakeLiveRoom(21, { live_status: 102, end_time: 1_000 })]
    const body = (await getRooms()).json<WechatLiveRoomsResponse>()
    expect(body.rooms[0]).toMatchObject({ liveStatus: 107, category: 'hidden', statusLabel: '已过期' })
  })

  it.each([
    ['HTTP 502', { kind: 'http', status: 502 } as const],
    ['a timeout', { kind: 'timeout' } as const],
    ['quota 45009', { kind: 'errcode', errcode: 45009, errmsg: 'reach max api daily quota limit' } as const],
    ['errcode 9410001', { kind: 'errcode', errcode: 9410001 } as const],
  ])('serves the last good data with its age through %s', async (_name, fault) => {
    const first = (await getRooms()).json<WechatLiveRoomsResponse>()
    expect(first.stale).toBe(false)
    expire()
    wechat.rooms = [fakeLiveRoom(99)]
    wechat.injectFault(LIVEINFO, fault)
    const res = await getRooms()
    expect(res.statusCode).toBe(200)
    const body = res.json<WechatLiveRoomsResponse>()
    expect(body.stale).toBe(true)
    expect(body.rooms.map((r) => r.roomId)).toEqual([11, 12, 13])
    expect(body.ageSeconds).toBeGreaterThanOrEqual(server.handles.liveRooms?.listMaxAgeSeconds ?? 1)
    expect(body.fetchedAt).toBe(first.fetchedAt)
    expect(wechat.callsTo(LIVEINFO)).toHaveLength(2)
  })

  it('stops calling upstream for the rest of the day after 45009', async () => {
    await getRooms()
    expire()
    wechat.injectFault(LIVEINFO, { kind: 'errcode', errcode: 45009 })
    await getRooms()
    for (let i = 0; i < 3; i += 1) {
      expire()
      const body = (await getRooms()).json<WechatLiveRoomsResponse>()
      expect(body.stale).toBe(true)
    }
    expect(wechat.callsTo(LIVEINFO)).toHaveLength(2)
  })

  it('answers 503 (never 500, never an empty list) when upstream fails before any good data', async () => {
    wechat.injectFault(LIVEINFO, { kind: 'http', status: 500 })
    const res = await getRooms()
    expect(res.statusCode).toBe(503)
    expect(res.json()).toMatchObject({ error: 'upstream_unavailable' })
  })

  it.each([1, 9410000])('treats errcode %d as a valid empty list', async (errcode) => {
    wechat.rooms = []
    wechat.emptyListErrcode = errcode
    const res = await getRooms()
    expect(res.statusCode).toBe(200)
    expect(res.json<WechatLiveRoomsResponse>()).toMatchObject({ rooms: [], total: 0, stale: false })
  })

  it('refreshes the access token once after 40001 and retries, however many requests saw it', async () => {
    await getRooms()
    const firstToken = wechat.callsTo(LIVEINFO)[0]?.query.access_token
    wechat.revokeTokens()
    expire()
    const responses = await Promise.all(Array.from({ length: 50 }, () => getRooms()))
    expect(responses.every((r) => r.statusCode === 200 && r.json<WechatLiveRoomsResponse>().stale === false)).toBe(true)
    const tokenCalls = wechat.callsTo(STABLE_TOKEN)
    expect(tokenCalls).toHaveLength(2)
    expect(tokenCalls[1]?.body).toMatchObject({ grant_type: 'client_credential', force_refresh: true })
    const liveCalls = wechat.callsTo(LIVEINFO)
    expect(liveCalls).toHaveLength(3) // first load, the 40001, the retry
    expect(liveCalls[2]?.query.access_token).not.toBe(firstToken)
  })

  it('keeps a day of traffic under the daily budget', async () => {
    // One request every minute for 24 h: the freshness window spaces refreshes out.
    for (let minute = 0; minute < 24 * 60; minute += 1) {
      const res = await getRooms()
      expect(res.statusCode).toBe(200)
      server.clock.advanceSeconds(60)
    }
    const calls = wechat.callsTo(LIVEINFO).length
    expect(calls).toBeGreaterThan(100)
    expect(calls).toBeLessThanOrEqual(server.handles.config.wechatLiveDailyBudget)
  })

  it('serves replays from the cache, only for rooms in the list', async () => {
    wechat.replays.set(12, [{ create_time: '1700007300', expire_time: '1707783300', media_url: 'https://mmbiz.qpic.cn/replay-12.m3u8' }])
    const res = await server.request({ method: 'GET', url: '/api/wechat-live/rooms/12/replays' })
    expect(res.statusCode).toBe(200)
    expect(res.json<WechatLiveReplaysResponse>()).toMatchObject({
      replays: [{ mediaUrl: 'https://mmbiz.qpic.cn/replay-12.m3u8', createTime: 1700007300, expireTime: 1707783300 }],
      total: 1,
      stale: false,
    })
    await server.request({ method: 'GET', url: '/api/wechat-live/rooms/12/replays' })
    const replayCalls = wechat.callsTo(LIVEINFO).filter((c) => c.body?.action === 'get_replay')
    expect(replayCalls).toHaveLength(1)
    expect(replayCalls[0]?.body).toMatchObject({ action: 'get_replay', room_id: 12 })

    const unknown = await server.request({ method: 'GET', url: '/api/wechat-live/rooms/777/replays' })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toMatchObject({ field: 'roomId' })
    expect(wechat.callsTo(LIVEINFO).filter((c) => c.body?.room_id === 777)).toHaveLength(0)
  })

  it('rejects bad paging and room IDs with 400 naming the field', async () => {
    for (const [url, field] of [
      ['/api/wechat-live/rooms?limit=0', 'limit'],
      ['/api/wechat-live/rooms?limit=101', 'limit'],
      ['/api/wechat-live/rooms?start=-1', 'start'],
      ['/api/wechat-live/rooms?start=abc', 'start'],
      ['/api/wechat-live/rooms?foo=1', 'foo'],
      ['/api/wechat-live/rooms/abc/replays', 'roomId'],
      ['/api/wechat-live/rooms/0/replays', 'roomId'],
    ] as const) {
      const res = await server.request({ method: 'GET', url })
      expect({ url, status: res.statusCode, field: res.json<{ field?: string }>().field }).toEqual({ url, status: 400, field })
    }
    expect(wechat.callsTo(LIVEINFO)).toHaveLength(0)
  })

  it('never writes the access token or the app secret to the logs', async () => {
    await getRooms()
    wechat.revokeTokens()
    expire()
    await getRooms()
    wechat.loginCodes.set('c1', { openid: 'o1' })
    await server.request({ method: 'POST', url: '/api/auth/login', payload: { code: 'c1' }, headers: { authorization: 'Bearer nonsense.token.value' } })
    const logText = server.logs.join('\n')
    expect(wechat.issuedTokens.length).toBe(2)
    expect(logText.length).toBeGreaterThan(0)
    for (const token of wechat.issuedTokens) expect(logText).not.toContain(token)
    expect(logText).not.toContain(wechat.appSecret)
    expect(logText).not.toContain('nonsense.token.value')
  })
})

describe('two instances sharing one store (as with REDIS_URL)', () => {
  it('make one upstream call between them and serve the same data', async () => {
    const wechat = new FakeWechatApi()
    await wechat.start()
    wechat.rooms = [fakeLiveRoom(31)]
    wechat.liveInfoDelayMs = 200
    const { MemoryStore } = await import('../../server/src/shared-store/memory-store')
    const shared = new MemoryStore()
    // A timeout far above the fake's delay: on a loaded machine a 300 ms timeout made this test
    // depend on speed. One upstream call holds whatever the timing: late requests read the cache.
    const env = { WECHAT_TIMEOUT_MS: '10000' }
    const a = await createTestServer({ wechat, store: shared, env })
    const b = await createTestServer({ wechat, store: shared, env })
    try {
      const responses = await Promise.all(
        Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? a : b).request({ method: 'GET', url: '/api/wechat-live/rooms' })),
      )
      // Say which statuses came back, with a body of each, when any is not 200.
      const byStatus = new Map<number, { count: number; body: string }>()
      for (const r of responses) byStatus.set(r.statusCode, { count: (byStatus.get(r.statusCode)?.count ?? 0) + 1, body: r.body.slice(0, 300) })
      expect([...byStatus.entries()].filter(([status]) => status !== 200)).toEqual([])
      expect(new Set(responses.map((r) => r.json<WechatLiveRoomsResponse>().rooms[0]?.roomId))).toEqual(new Set([31]))
      expect(wechat.callsTo(LIVEINFO)).toHaveLength(1)
      expect(wechat.callsTo(STABLE_TOKEN)).toHaveLength(1)
    } finally {
      await a.close()
      await b.close()
      await shared.close()
      await wechat.close()
    }
  })
})
