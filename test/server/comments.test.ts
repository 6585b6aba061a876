import { createHash } from 'node:crypto'
import type { ApiErrorBody, LiveCommentResponse, LoginResponse, Room } from '../../miniprogram/core/api-types'
import { DEV_MODE_COMMENT_NOTICE } from '../../server/src/comments/comment-moderation'
import { normaliseCommentText } from '../../server/src/comments/comment-text'
import { commentDisplayName } from '../../server/src/comments/display-name'
import { ApiError } from '../../server/src/errors'
import { FakeWechatApi } from '../fakes/wechat-api'
import type { FakeZegoServerApi } from '../fakes/zego-server-api'
import { TEST_ZEGO_APP_ID, TEST_ZEGO_SECRET, bearer, createTestServer, type TestResponse, type TestServer } from './support/test-server'
import { batchOf, broadcastComments, broadcastTexts, createRoom, zegoFollowing } from './support/comment-fixtures'

const MSG_SEC_CHECK = '/wxa/msg_sec_check'
const STABLE_TOKEN = '/cgi-bin/stable_token'
const BARRAGE = 'SendBarrageMessage'

interface OpenApiDoc {
  paths: Record<string, { post?: { summary?: string; responses?: Record<string, unknown> } }>
}

const zegoSignature = (nonce: string, timestamp: string): string => createHash('md5').update(`${TEST_ZEGO_APP_ID}${nonce}${TEST_ZEGO_SECRET}${timestamp}`).digest('hex')

/** A ZEGO fake whose clock follows the test server's (the server is created after it). */

describe('comment rules (pure)', () => {
  it('trims and counts characters, an emoji once', () => {
    expect(normaliseCommentText('  好看！  ')).toBe('好看！')
    expect(normaliseCommentText('🎉'.repeat(100))).toBe('🎉'.repeat(100))
    expect(() => normaliseCommentText(' \n\t ')).toThrow(ApiError)
    expect(() => normaliseCommentText('a'.repeat(101))).toThrow(/at most 100/)
  })

  it('names the anchor 主播 and viewers by the tail of their user ID, never the openid', () => {
    const room = { anchorUserId: 'u_anchor01' }
    expect(commentDisplayName('u_anchor01', room)).toBe('主播')
    expect(commentDisplayName('u_0123456789abcdef', room)).toBe('观众cdef')
    expect(commentDisplayName('u_0123456789abcdef', room)).toBe(commentDisplayName('u_0123456789abcdef', room))
  })
})

describe('POST /api/rooms/:id/comments with WeChat credentials', () => {
  let server: TestServer
  let wechat: FakeWechatApi
  let zego: FakeZegoServerApi
  let admin: LoginResponse
  let anchor: LoginResponse
  let viewer: LoginResponse
  let room: Room

  beforeAll(async () => {
    wechat = new FakeWechatApi()
    await wechat.start()
    zego = zegoFollowing(() => server)
    await zego.start()
    server = await createTestServer({ wechat, env: { ZEGO_API_BASE: zego.baseUrl, ZEGO_TIMEOUT_MS: '300', RATE_LIMIT_COMMENTS_PER_MINUTE: '1000' } })
    admin = await server.signIn('comments-admin', 'admin')
    anchor = await server.signIn('comments-anchor', 'anchor')
    viewer = await server.signIn('comments-viewer')
    room = await createRoom(server, admin, anchor)
  })

  afterAll(async () => {
    await server.close()
    await zego.close()
    await wechat.close()
  })

  beforeEach(() => {
    wechat.clearFaults()
    zego.clearFaults()
    wechat.ledger.length = 0
    zego.ledger.length = 0
  })

  const comment = (login: LoginResponse | null, payload: unknown, roomId = room.id): Promise<TestResponse> =>
    server.request({ method: 'POST', url: `/api/rooms/${roomId}/comments`, headers: login === null ? {} : bearer(login), payload })

  const expectNothingDelivered = async (): Promise<void> => {
    await broadcastComments(server)
    expect(zego.ledger).toHaveLength(0)
  }

  it('checks the text with WeChat, answers it, then delivers it through ZEGO in a signed SendBarrageMessage batch', async () => {
    const text = '好看！ a+b=c & 100% 🎉'
    const res = await comment(viewer, { text: `  ${text}  ` })
    expect(res.statusCode).toBe(201)
    const sentAt = Math.floor(server.clock.nowMs() / 1000)

    const [check] = wechat.callsTo(MSG_SEC_CHECK)
    expect(wechat.callsTo(MSG_SEC_CHECK)).toHaveLength(1)
    expect(check?.method).toBe('POST')
    expect(check?.body).toEqual({ content: text, version: 2, scene: 2, openid: 'comments-viewer' })
    // The token travels in the URL only.
    expect(Object.keys(check?.query ?? {})).toEqual(['access_token'])
    expect(wechat.issuedTokens).toContain(check?.query.access_token)

    const nickname = `观众${viewer.user.id.slice(-4)}`
    const body = res.json<LiveCommentResponse>()
    expect(body).toEqual({ comment: { id: expect.stringMatching(/^c[0-9a-z]{12,}$/), roomId: room.id, userId: viewer.user.id, nickname, text, sentAt } })

    // Answered before ZEGO is called: the room's next batch carries it.
    expect(zego.callsTo(BARRAGE)).toHaveLength(0)
    await broadcastComments(server)
    expect(zego.callsTo(BARRAGE)).toHaveLength(1)
    const [call] = zego.ledger
    expect(call?.method).toBe('GET')
    expect(call?.params).toEqual({
      Action: BARRAGE,
      AppId: String(TEST_ZEGO_APP_ID),
      SignatureNonce: expect.stringMatching(/^[0-9a-f]{16}$/),
      Timestamp: String(sentAt),
      SignatureVersion: '2.0',
      Signature: zegoSignature(call?.params.SignatureNonce ?? '', String(sentAt)),
      RoomId: room.id,
      // No member's ID, so the sender's own client receives the batch too.
      UserId: 'system',
      MessageCategory: '2',
      MessageContent: expect.any(String),
    })
    expect(call?.signature).toBe('ok')
    expect(batchOf(call)).toEqual([{ id: body.comment.id, userId: viewer.user.id, nickname, text }])
  })

  it('uses a fresh nonce for every request and names the anchor 主播', async () => {
    expect((await comment(anchor, { text: '欢迎来到直播间' })).json<LiveCommentResponse>().comment.nickname).toBe('主播')
    await broadcastComments(server)
    expect((await comment(viewer, { text: '来了' })).statusCode).toBe(201)
    await broadcastComments(server)
    const nonces = zego.ledger.map((c) => c.params.SignatureNonce)
    expect(new Set(nonces).size).toBe(2)
    expect(batchOf(zego.ledger[0])).toEqual([expect.objectContaining({ userId: anchor.user.id, nickname: '主播' })])
  })

  it.each([
    ['risky', '[risky] 脏话'],
    ['review', '[review] 可疑'],
  ])('answers 422 comment_rejected for %s and sends nothing to ZEGO', async (_suggest, text) => {
    const res = await comment(viewer, { text })
    expect(res.statusCode).toBe(422)
    const body = res.json<ApiErrorBody>()
    expect(body).toEqual({ error: 'comment_rejected', message: expect.stringContaining('评论包含不合适的内容'), field: 'text' })
    // The shopper never learns WeChat's label or strategy.
    expect(res.body).not.toMatch(/label|20003|21000|strategy|trace/)
    expect(wechat.callsTo(MSG_SEC_CHECK)).toHaveLength(1)
    await expectNothingDelivered()
  })

  it.each([
    ['HTTP 502', { kind: 'http', status: 502 } as const],
    ['a timeout', { kind: 'timeout' } as const],
    ['errcode 61010', { kind: 'errcode', errcode: 61010, errmsg: 'user not visited recently' } as const],
  ])('answers 503 moderation_unavailable when WeChat answers %s, and delivers nothing unchecked', async (_what, fault) => {
    wechat.injectFault(MSG_SEC_CHECK, fault)
    const res = await comment(viewer, { text: '你好' })
    expect(res.statusCode).toBe(503)
    expect(res.json<ApiErrorBody>()).toMatchObject({ error: 'moderation_unavailable', message: expect.stringMatching(/\S/) })
    await expectNothingDelivered()
  })

  it('refreshes a rejected access token once (40001) and delivers the comment', async () => {
    expect((await comment(viewer, { text: 'first' })).statusCode).toBe(201)
    wechat.ledger.length = 0
    wechat.revokeTokens()
    const res = await comment(viewer, { text: 'second' })
    expect(res.statusCode).toBe(201)
    const checks = wechat.callsTo(MSG_SEC_CHECK)
    expect(checks).toHaveLength(2)
    expect(checks[0]?.query.access_token).not.toBe(checks[1]?.query.access_token)
    expect(checks[1]?.query.access_token).toBe(wechat.issuedTokens.at(-1))
    expect(wechat.callsTo(STABLE_TOKEN).map((c) => c.body?.force_refresh)).toEqual([true])
    await broadcastComments(server)
    expect(broadcastTexts(zego.ledger)).toEqual(['first', 'second'])
  })

  it('retries only once: 40001 twice answers 503', async () => {
    wechat.injectFault(MSG_SEC_CHECK, { kind: 'errcode', errcode: 40001 }, 2)
    const res = await comment(viewer, { text: 'again' })
    expect(res.statusCode).toBe(503)
    expect(wechat.callsTo(MSG_SEC_CHECK)).toHaveLength(2)
    await expectNothingDelivered()
  })

  it.each([
    ['Code 206 (QPS limit)', { kind: 'code', code: 206, message: 'qps limit' } as const],
    ['Code 207 (room QPS limit)', { kind: 'code', code: 207, message: 'room qps limit' } as const],
    ['HTTP 500', { kind: 'http', status: 500 } as const],
    ['a timeout', { kind: 'timeout' } as const],
  ])('answers 201 and sends the batch again when ZEGO answers %s', async (_what, fault) => {
    zego.injectFault(fault)
    const res = await comment(viewer, { text: '在吗' })
    expect(res.statusCode).toBe(201)
    await broadcastComments(server)
    expect(zego.ledger).toHaveLength(2)
    expect(batchOf(zego.ledger[1])).toEqual(batchOf(zego.ledger[0]))
    expect(batchOf(zego.ledger[1]).map((c) => c.id)).toEqual([res.json<LiveCommentResponse>().comment.id])
  })

  it('does not send a batch again when ZEGO answers Code 50001 (nobody is in the room): it stays in the history', async () => {
    zego.injectFault({ kind: 'code', code: 50001, message: 'room not exist' })
    const res = await comment(viewer, { text: '有人吗' })
    expect(res.statusCode).toBe(201)
    await broadcastComments(server)
    expect(zego.ledger).toHaveLength(1)
    const history = (await server.request({ url: `/api/rooms/${room.id}/comments` })).json<{ comments: { id: string }[] }>().comments
    expect(history.map((c) => c.id)).toContain(res.json<LiveCommentResponse>().comment.id)
  })

  it('answers 403 muted as soon as the user is muted in the room, though every comment reads the mutes from memory, and again once the mute ends', async () => {
    const muted = await server.signIn('comments-muted')
    expect((await comment(muted, { text: '第一句' })).statusCode).toBe(201)
    const until = Math.floor(server.clock.nowMs() / 1000) + 60
    // Any write to room_mutes (the console's mute route, a script through the query layer) drops the memo.
    await server.handles.database.db.insertInto('room_mutes').values({ room_id: room.id, user_id: muted.user.id, until }).execute()
    const refused = await comment(muted, { text: '第二句' })
    expect([refused.statusCode, refused.json<ApiErrorBody>().error]).toEqual([403, 'muted'])
    expect((await comment(viewer, { text: '别人照常' })).statusCode).toBe(201)
    server.clock.advanceSeconds(61)
    expect((await comment(muted, { text: '解禁了' })).statusCode).toBe(201)
    await broadcastComments(server)
    expect(broadcastTexts(zego.ledger)).toEqual(['第一句', '别人照常', '解禁了'])
  })

  it.each(['scheduled', 'ended'] as const)('answers 409 room_not_live for a %s room without checking or sending', async (status) => {
    const other = await createRoom(server, admin, anchor, status)
    wechat.ledger.length = 0
    const res = await comment(viewer, { text: 'hello' }, other.id)
    expect(res.statusCode).toBe(409)
    const body = res.json<ApiErrorBody>()
    expect(body).toMatchObject({ error: 'room_not_live' })
    expect(body.field).toBeUndefined()
    expect(wechat.callsTo(MSG_SEC_CHECK)).toHaveLength(0)
    await expectNothingDelivered()
  })

  it.each([
    ['empty', { text: '' }, 'text'],
    ['only spaces', { text: '   \n ' }, 'text'],
    ['101 characters', { text: 'a'.repeat(101) }, 'text'],
    ['far too long', { text: 'a'.repeat(5000) }, 'text'],
    ['not a string', { text: { nested: true } }, 'text'],
    ['missing', {}, 'text'],
    ['an extra field', { text: 'hi', color: 'red' }, 'color'],
  ])('answers 400 for %s, naming the field', async (_what, payload, field) => {
    const res = await comment(viewer, payload)
    expect(res.statusCode).toBe(400)
    expect(res.json<ApiErrorBody>()).toMatchObject({ error: 'bad_request', field })
    expect(wechat.callsTo(MSG_SEC_CHECK)).toHaveLength(0)
    await expectNothingDelivered()
  })

  it('accepts 100 characters once trimmed', async () => {
    const res = await comment(viewer, { text: `  ${'好'.repeat(100)}  ` })
    expect(res.statusCode).toBe(201)
    await broadcastComments(server)
    expect(broadcastTexts(zego.ledger)).toEqual(['好'.repeat(100)])
  })

  it('answers 401 without a session and 404 for an unknown room', async () => {
    const anonymous = await comment(null, { text: 'hi' })
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.json<ApiErrorBody>()).toMatchObject({ error: 'unauthorized', field: 'authorization' })
    const unknown = await comment(viewer, { text: 'hi' }, 'room_doesnotexist')
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json<ApiErrorBody>()).toMatchObject({ error: 'not_found' })
    expect(wechat.callsTo(MSG_SEC_CHECK)).toHaveLength(0)
    await expectNothingDelivered()
  })

  it('is listed in the OpenAPI document with its 201 answer, and its summary names the content check', async () => {
    const doc = (await server.request({ url: '/docs/json' })).json<OpenApiDoc>()
    const route = doc.paths['/api/rooms/{id}/comments']?.post
    expect(route?.responses).toHaveProperty('201')
    expect(route?.summary).toMatch(/msg_sec_check/)
    expect(route?.summary).not.toMatch(/DEV MODE/)
  })

  it('never logs the ZEGO server secret, a signature or the access token', async () => {
    zego.injectFault({ kind: 'code', code: 100000005, message: 'signature wrong' })
    wechat.injectFault(MSG_SEC_CHECK, { kind: 'errcode', errcode: 40001 })
    await comment(viewer, { text: 'logged?' })
    await comment(viewer, { text: 'logged again' })
    await broadcastComments(server)
    const logText = server.logs.join('\n')
    expect(logText).toMatch(/ZEGO did not take a batch of live comments/)
    expect(logText).toMatch(/live comment accepted/)
    expect(logText).not.toContain(TEST_ZEGO_SECRET)
    expect(logText).not.toContain(wechat.appSecret)
    for (const token of wechat.issuedTokens) expect(logText).not.toContain(token)
    expect(zego.ledger.length).toBeGreaterThan(0)
    for (const call of zego.ledger) {
      expect(logText).not.toContain(call.params.Signature ?? 'no signature')
      expect(logText).not.toContain(call.rawQuery)
    }
  })
})

describe('POST /api/rooms/:id/comments in dev mode (no WeChat credentials)', () => {
  let server: TestServer
  let zego: FakeZegoServerApi

  beforeAll(async () => {
    zego = zegoFollowing(() => server)
    await zego.start()
    server = await createTestServer({ env: { ZEGO_API_BASE: zego.baseUrl, ZEGO_TIMEOUT_MS: '300', RATE_LIMIT_COMMENTS_PER_MINUTE: '2' } })
  })

  afterAll(async () => {
    await server.close()
    await zego.close()
  })

  it('delivers without msg_sec_check, says so once in the log and in the OpenAPI summary', async () => {
    const admin = await server.signIn('dev-admin', 'admin')
    const anchor = await server.signIn('dev-anchor', 'anchor')
    const viewer = await server.signIn('dev-viewer')
    const room = await createRoom(server, admin, anchor)
    for (const text of ['one', 'two']) {
      const res = await server.request({ method: 'POST', url: `/api/rooms/${room.id}/comments`, headers: bearer(viewer), payload: { text } })
      expect(res.statusCode).toBe(201)
      await broadcastComments(server)
    }
    expect(zego.ledger.map((c) => [broadcastTexts([c]), c.signature])).toEqual([
      [['one'], 'ok'],
      [['two'], 'ok'],
    ])
    expect(server.logs.filter((line) => line.includes(DEV_MODE_COMMENT_NOTICE))).toHaveLength(1)
    const doc = (await server.request({ url: '/docs/json' })).json<OpenApiDoc>()
    expect(doc.paths['/api/rooms/{id}/comments']?.post?.summary).toMatch(/DEV MODE.*NOT checked/)
  })

  it('limits comments per signed-in user (429 rate_limited), not per address', async () => {
    const admin = await server.signIn('rl-admin', 'admin')
    const anchor = await server.signIn('rl-anchor', 'anchor')
    const room = await createRoom(server, admin, anchor)
    const first = await server.signIn('rl-viewer-1')
    const second = await server.signIn('rl-viewer-2')
    const send = (login: LoginResponse): Promise<TestResponse> =>
      server.request({ method: 'POST', url: `/api/rooms/${room.id}/comments`, headers: bearer(login), payload: { text: 'spam' } })
    expect([(await send(first)).statusCode, (await send(first)).statusCode]).toEqual([201, 201])
    const limited = await send(first)
    expect(limited.statusCode).toBe(429)
    expect(limited.json<ApiErrorBody>()).toMatchObject({ error: 'rate_limited', message: expect.stringMatching(/retry/i) })
    // Same address (127.0.0.1), another user: still heard.
    expect((await send(second)).statusCode).toBe(201)
  })
})
