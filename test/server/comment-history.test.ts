/**
 * Accepted live comments are kept, and GET /api/rooms/:id/comments hands the newest to a viewer
 * who enters late (ZEGO only delivers a barrage to those in the room at that moment).
 */
import type { ApiErrorBody, LiveComment, LiveCommentListResponse, LiveCommentResponse, LoginResponse, Room } from '../../miniprogram/core/api-types'
import { FakeWechatApi } from '../fakes/wechat-api'
import type { FakeZegoServerApi } from '../fakes/zego-server-api'
import { bearer, createTestServer, type TestResponse, type TestServer } from './support/test-server'
import { broadcastComments, createRoom, zegoFollowing } from './support/comment-fixtures'

describe('live comment history', () => {
  let server: TestServer
  let wechat: FakeWechatApi
  let zego: FakeZegoServerApi
  let admin: LoginResponse
  let anchor: LoginResponse
  let viewer: LoginResponse

  beforeEach(async () => {
    wechat = new FakeWechatApi()
    await wechat.start()
    zego = zegoFollowing(() => server)
    await zego.start()
    server = await createTestServer({ wechat, env: { ZEGO_API_BASE: zego.baseUrl, ZEGO_TIMEOUT_MS: '300', RATE_LIMIT_COMMENTS_PER_MINUTE: '1000' } })
    admin = await server.signIn('history-admin', 'admin')
    anchor = await server.signIn('history-anchor', 'anchor')
    viewer = await server.signIn('history-viewer')
  })

  afterEach(async () => {
    await server.close()
    await zego.close()
    await wechat.close()
  })

  const liveRoom = (): Promise<Room> => createRoom(server, admin, anchor)

  const post = (login: LoginResponse, roomId: string, text: string): Promise<TestResponse> =>
    server.request({ method: 'POST', url: `/api/rooms/${roomId}/comments`, headers: bearer(login), payload: { text } })

  async function delivered(login: LoginResponse, roomId: string, text: string): Promise<LiveComment> {
    const res = await post(login, roomId, text)
    expect(res.statusCode).toBe(201)
    return res.json<LiveCommentResponse>().comment
  }

  const history = (roomId: string, query = ''): Promise<TestResponse> => server.request({ url: `/api/rooms/${roomId}/comments${query}` })

  const historyOf = async (roomId: string, query = ''): Promise<LiveComment[]> => {
    const res = await history(roomId, query)
    expect(res.statusCode).toBe(200)
    return res.json<LiveCommentListResponse>().comments
  }

  it('keeps an accepted comment as answered and hands it out without a session', async () => {
    const room = await liveRoom()
    const comment = await delivered(viewer, room.id, '  来了  ')
    expect(await historyOf(room.id)).toEqual([comment])
    expect(comment).toMatchObject({ roomId: room.id, userId: viewer.user.id, text: '来了', nickname: `观众${viewer.user.id.slice(-4)}` })
  })

  it('keeps nothing WeChat rejected, and a comment ZEGO would not broadcast (nobody in the room) for late viewers', async () => {
    const room = await liveRoom()
    expect((await post(viewer, room.id, '[risky] 脏话')).statusCode).toBe(422)
    zego.injectFault({ kind: 'code', code: 50001 })
    const unheard = await delivered(viewer, room.id, '没人在')
    await broadcastComments(server)
    expect(zego.callsTo('SendBarrageMessage')).toHaveLength(1)
    const ended = await liveRoom()
    expect((await server.request({ method: 'POST', url: `/api/rooms/${ended.id}/status`, headers: bearer(anchor), payload: { status: 'ended' } })).statusCode).toBe(200)
    expect((await post(viewer, ended.id, '结束了')).statusCode).toBe(409)
    expect(await historyOf(room.id)).toEqual([unheard])
    expect(await historyOf(ended.id)).toEqual([])
  })

  it('answers the newest `limit` comments of the room, oldest first', async () => {
    const room = await liveRoom()
    const other = await liveRoom()
    const sent: LiveComment[] = []
    for (let i = 1; i <= 5; i++) {
      sent.push(await delivered(i % 2 === 0 ? anchor : viewer, room.id, `第${i}条`))
      await delivered(viewer, other.id, `别的房间${i}`)
      server.clock.advanceSeconds(1)
    }
    expect(await historyOf(room.id)).toEqual(sent)
    expect((await historyOf(room.id, '?limit=2')).map((c) => c.text)).toEqual(['第4条', '第5条'])
    expect((await historyOf(room.id, '?limit=1')).map((c) => c.text)).toEqual(['第5条'])
    expect((await historyOf(other.id)).map((c) => c.text)).toEqual(['别的房间1', '别的房间2', '别的房间3', '别的房间4', '别的房间5'])
  })

  it('answers 50 by default and at most 100', async () => {
    const room = await liveRoom()
    // Stored directly: 120 comments through the route would only test the route 120 times.
    const rows = Array.from({ length: 120 }, (_, i) => ({ id: `m${String(i).padStart(3, '0')}`, room_id: room.id, user_id: viewer.user.id, nickname: '观众', text: `#${i}`, sent_at: 1_795_400_000 + i }))
    await server.handles.database.db.insertInto('live_comments').values(rows).execute()
    const byDefault = await historyOf(room.id)
    expect(byDefault).toHaveLength(50)
    expect(byDefault[0]?.text).toBe('#70')
    expect(byDefault[49]?.text).toBe('#119')
    const most = await historyOf(room.id, '?limit=100')
    expect(most.map((c) => c.text)).toEqual(Array.from({ length: 100 }, (_, i) => `#${i + 20}`))
  })

  it.each(['0', '101', 'abc', '1.5'])('answers 400 naming limit for limit=%s', async (limit) => {
    const room = await liveRoom()
    const res = await history(room.id, `?limit=${limit}`)
    expect(res.statusCode).toBe(400)
    expect(res.json<ApiErrorBody>()).toMatchObject({ error: 'bad_request', field: 'limit' })
  })

  it('answers 404 for an unknown room', async () => {
    const res = await history('room_unknown')
    expect(res.statusCode).toBe(404)
    expect(res.json<ApiErrorBody>().error).toBe('not_found')
  })

  it('still answers 201 and broadcasts a checked comment that cannot be stored, and logs it', async () => {
    const room = await liveRoom()
    await server.handles.database.db.schema.dropTable('live_comments').execute()
    const res = await post(viewer, room.id, '照样显示')
    expect(res.statusCode).toBe(201)
    await broadcastComments(server)
    expect(zego.callsTo('SendBarrageMessage')).toHaveLength(1)
    expect(server.logs.some((line) => line.includes('accepted live comment was not stored'))).toBe(true)
  })
})
