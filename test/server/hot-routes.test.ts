/**
 * The routes a popular live hammers, as behaviour (their speed is bench/server's): the WeChat room
 * list as a prepared answer with one upstream call per refresh, live comments that are each still
 * checked by WeChat when many arrive at once, and the gate that bounds calls towards an upstream.
 */
import type { LiveCommentResponse, LoginResponse, Room, WechatLiveRoomsResponse } from '../../miniprogram/core/api-types'
import { ConcurrencyGate, GateFullError } from '../../server/src/http/concurrency-gate'
import { FakeWechatApi } from '../fakes/wechat-api'
import { fakeLiveRoom } from '../fakes/wechat-api-fixtures'
import type { FakeZegoServerApi } from '../fakes/zego-server-api'
import { broadcastComments, broadcastTexts, createRoom, zegoFollowing } from './support/comment-fixtures'
import { bearer, createTestServer, type TestResponse, type TestServer } from './support/test-server'

const LIVEINFO = '/wxa/business/getliveinfo'
const MSG_SEC_CHECK = '/wxa/msg_sec_check'
const URL = '/api/wechat-live/rooms'

describe('GET /api/wechat-live/rooms as a prepared answer', () => {
  let wechat: FakeWechatApi
  let server: TestServer

  beforeEach(async () => {
    wechat = new FakeWechatApi()
    await wechat.start()
    wechat.rooms = [fakeLiveRoom(31), fakeLiveRoom(32, { live_status: 102, start_time: 1_900_000_000, end_time: 1_900_007_200 })]
    server = await createTestServer({ wechat })
  })

  afterEach(async () => {
    await server.close()
    await wechat.close()
  })

  const get = (headers: Record<string, string> = {}, query = ''): Promise<TestResponse> => server.request({ url: URL + query, headers })
  const maxAge = (): number => server.handles.liveRooms?.listMaxAgeSeconds ?? 0

  it('answers a weak ETag that survives the age ticking, 304 to it, and a max-age within the freshness window', async () => {
    const first = await get()
    expect(first.statusCode).toBe(200)
    const etag = first.headers.get('etag') ?? ''
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]{16}"$/)
    expect(first.headers.get('cache-control')).toBe(`public, max-age=${Math.min(60, maxAge())}`)
    server.clock.advanceSeconds(3)
    const later = await get()
    expect(later.json<WechatLiveRoomsResponse>().ageSeconds).toBe(3)
    expect(later.headers.get('etag')).toBe(etag)
    const revalidated = await get({ 'if-none-match': etag })
    expect([revalidated.statusCode, revalidated.body]).toEqual([304, ''])
    // Another page is another answer.
    expect((await get({}, '?start=1&limit=1')).headers.get('etag')).not.toBe(etag)
  })

  it('calls getliveinfo once per refresh however many ask, before and after the list expires', async () => {
    wechat.liveInfoDelayMs = 50
    const burst = async (): Promise<TestResponse[]> => Promise.all(Array.from({ length: 300 }, () => get()))
    const first = await burst()
    expect(first.filter((r) => r.statusCode !== 200).map((r) => r.statusCode)).toEqual([])
    expect(wechat.callsTo(LIVEINFO)).toHaveLength(1)
    const etag = first[0]?.headers.get('etag')

    wechat.rooms = [fakeLiveRoom(33)]
    server.clock.advanceSeconds(maxAge() - 1)
    await burst()
    expect(wechat.callsTo(LIVEINFO)).toHaveLength(1)

    server.clock.advanceSeconds(2)
    const refreshed = await burst()
    expect(wechat.callsTo(LIVEINFO)).toHaveLength(2)
    expect(new Set(refreshed.map((r) => r.body)).size).toBe(1)
    expect(refreshed[0]?.json<WechatLiveRoomsResponse>().rooms.map((r) => r.roomId)).toEqual([33])
    expect(refreshed[0]?.headers.get('etag')).not.toBe(etag)
  })

  it('turns a not-started room into expired once its end time passes, without another upstream call', async () => {
    wechat.rooms = [fakeLiveRoom(34, { live_status: 102, end_time: Math.floor(server.clock.nowMs() / 1000) + 2 })]
    const before = (await get()).json<WechatLiveRoomsResponse>()
    expect(before.rooms[0]?.category).toBe('upcoming')
    server.clock.advanceSeconds(3)
    const after = (await get()).json<WechatLiveRoomsResponse>()
    expect(after.rooms[0]).toMatchObject({ liveStatus: 107, category: 'hidden' })
    expect(wechat.callsTo(LIVEINFO)).toHaveLength(1)
  })
})

describe('live comments under a burst', () => {
  let wechat: FakeWechatApi
  let zego: FakeZegoServerApi
  let server: TestServer
  let viewers: LoginResponse[]
  let room: Room

  beforeAll(async () => {
    wechat = new FakeWechatApi()
    await wechat.start()
    zego = zegoFollowing(() => server)
    await zego.start()
    server = await createTestServer({ wechat, env: { ZEGO_API_BASE: zego.baseUrl, RATE_LIMIT_COMMENTS_PER_MINUTE: '1000', RATE_LIMIT_LOGIN_PER_MINUTE: '1000' } })
    const admin = await server.signIn('burst-admin', 'admin')
    const anchor = await server.signIn('burst-anchor', 'anchor')
    viewers = await Promise.all(Array.from({ length: 20 }, (_, i) => server.signIn(`burst-viewer-${i}`)))
    room = await createRoom(server, admin, anchor)
  })

  afterAll(async () => {
    await server.close()
    await zego.close()
    await wechat.close()
  })

  it('checks every comment of a burst with WeChat and delivers only those that pass, in a few batches, all stored', async () => {
    const texts = Array.from({ length: 400 }, (_, i) => (i % 25 === 7 ? `[risky] 第 ${i} 条` : `第 ${i} 条`))
    const answers = await Promise.all(
      texts.map((text, i) => server.request({ method: 'POST', url: `/api/rooms/${room.id}/comments`, headers: bearer(viewers[i % viewers.length] as LoginResponse), payload: { text } })),
    )
    const risky = texts.filter((t) => t.startsWith('[risky]'))
    expect(answers.map((r) => r.statusCode).sort()).toEqual([...Array(texts.length - risky.length).fill(201), ...Array(risky.length).fill(422)])
    const checked = wechat.callsTo(MSG_SEC_CHECK).map((c) => (c.body as { content?: string } | null)?.content)
    expect([...checked].sort()).toEqual([...texts].sort())
    await broadcastComments(server)
    const calls = zego.callsTo('SendBarrageMessage')
    const delivered = broadcastTexts(calls)
    expect([...delivered].sort()).toEqual(texts.filter((t) => !t.startsWith('[risky]')).sort())
    // Each message carries many: far fewer calls than comments.
    expect(calls.length).toBeLessThan(delivered.length / 5)
    const stored = await server.handles.database.db.selectFrom('live_comments').select('id').where('room_id', '=', room.id).execute()
    const ids = answers.filter((r) => r.statusCode === 201).map((r) => r.json<LiveCommentResponse>().comment.id)
    expect(stored.map((s) => s.id).sort()).toEqual([...ids].sort())
  })
})

describe('ConcurrencyGate', () => {
  it('runs at most `limit` calls at once, starts the waiting in arrival order, and refuses beyond its queue', async () => {
    const gate = new ConcurrencyGate('upstream', 2, 2)
    const releases: (() => void)[] = []
    const started: number[] = []
    const call = (n: number): Promise<number> =>
      gate.run(
        () =>
          new Promise<number>((resolve) => {
            started.push(n)
            releases.push(() => resolve(n))
          }),
      )
    const running = [call(1), call(2), call(3), call(4)]
    await expect(call(5)).rejects.toBeInstanceOf(GateFullError)
    await Promise.resolve()
    expect(started).toEqual([1, 2])
    expect([gate.inFlight, gate.queued]).toEqual([2, 2])
    releases[0]?.()
    await running[0]
    await new Promise((resolve) => setImmediate(resolve))
    expect(started).toEqual([1, 2, 3])
    releases[1]?.()
    releases[2]?.()
    await Promise.all(running.slice(0, 3))
    await new Promise((resolve) => setImmediate(resolve))
    expect(started).toEqual([1, 2, 3, 4])
    releases[3]?.()
    expect(await Promise.all(running)).toEqual([1, 2, 3, 4])
    expect([gate.inFlight, gate.queued]).toEqual([0, 0])
  })
})
