/**
 * Live comments reach a room in batched ZEGO barrage messages: each within ZEGO's 1024 bytes, read
 * back by the mini-program exactly as accepted, sent within the room's and the deployment's rates
 * (shared with likes and between instances), retried when ZEGO refuses, and left to the history
 * when they could not be sent in time. Time is the server's clock, moved by the test.
 */
import type { LiveComment, Room, LoginResponse } from '../../miniprogram/core/api-types'
import { unpackCommentBatch } from '../../miniprogram/live/core/live-comment'
import { COMMENT_BATCH_SENDER_ID, commentIdSource, packCommentBatch } from '../../server/src/comments/comment-batch'
import { COMMENT_BUDGET_SHARE, COMMENT_TICK_MS, CommentBroadcaster, MAX_BROADCAST_DELAY_MS, ROOM_MESSAGES_PER_SECOND } from '../../server/src/comments/comment-broadcaster'
import { ZegoMessageBudget } from '../../server/src/zego/message-budget'
import type { FakeZegoServerApi, ZegoLedgerEntry } from '../fakes/zego-server-api'
import { createRoom, zegoFollowing } from './support/comment-fixtures'
import { createTestServer, type TestServer } from './support/test-server'

const BARRAGE = 'SendBarrageMessage'
const MESSAGES_PER_SECOND = 10

const comment = (roomId: string, n: number, text = `第 ${n} 条 好看！`, userId = `u_${String(n).padStart(16, '0')}`, sentAt = 1_795_400_000): LiveComment => ({
  id: `c${n}`,
  roomId,
  userId,
  nickname: `观众${userId.slice(-4)}`,
  text,
  sentAt,
})

describe('a comment batch (pure)', () => {
  const worstTexts = ['🎉'.repeat(100), '"'.repeat(100), '\\'.repeat(100), '\u0001'.repeat(100), '好'.repeat(100), 'a']

  it('stays within 1024 bytes for any comment the route accepts, and is read back as packed, in order', () => {
    const comments = Array.from({ length: 60 }, (_, i) => comment('room_0123456789abcdef', i, worstTexts[i % worstTexts.length], undefined, 1_795_400_000 + Math.floor(i / 7)))
    let rest = comments
    const read: ReturnType<typeof unpackCommentBatch>[] = []
    while (rest.length > 0) {
      const batch = packCommentBatch('room_0123456789abcdef', rest)
      expect(Buffer.byteLength(batch.content)).toBeLessThanOrEqual(1024)
      expect(batch.count).toBeGreaterThan(0)
      read.push(unpackCommentBatch(batch.content, 'room_0123456789abcdef'))
      rest = rest.slice(batch.count)
    }
    expect(read.flatMap((r) => r ?? [])).toEqual(comments.map((c) => ({ id: c.id, userId: c.userId, nickname: c.nickname, text: c.text, sentAt: c.sentAt * 1000 })))
  })

  it('carries a nickname only when it is not the viewers rule (the anchor is 主播)', () => {
    const viewer = comment('r1', 1)
    const anchor = { ...comment('r1', 2), nickname: '主播' }
    const batch = packCommentBatch('r1', [viewer, anchor])
    expect(JSON.parse(batch.content)).toEqual({ t: 'comments', r: 'r1', s: viewer.sentAt, c: [['c1', viewer.userId, viewer.text, 0], ['c2', anchor.userId, anchor.text, 0, '主播']] })
    expect(unpackCommentBatch(batch.content, 'r1')?.map((c) => c.nickname)).toEqual([viewer.nickname, '主播'])
  })

  it('is ignored by the mini-program when it names another room or is not a batch', () => {
    const batch = packCommentBatch('r1', [comment('r1', 1)])
    expect(unpackCommentBatch(batch.content, 'r2')).toBeNull()
    expect(unpackCommentBatch('hello', 'r1')).toBeNull()
    expect(unpackCommentBatch('{"t":"likes","r":"r1","n":3}', 'r1')).toBeNull()
    // A malformed entry is skipped; the others still show.
    expect(unpackCommentBatch('{"t":"comments","r":"r1","s":10,"c":[["a","u_1","ok",0],[1,2],["b","u_2","",0],["c","u_3","fine",2]]}', 'r1')?.map((c) => [c.id, c.sentAt])).toEqual([
      ['a', 10_000],
      ['c', 12_000],
    ])
  })

  it('gives comments IDs that differ within a millisecond and sort by acceptance', () => {
    let now = 1_795_400_000_000
    const next = commentIdSource(() => now, 'ab12')
    const ids = [next(), next(), next()]
    now += 1
    ids.push(next())
    expect(new Set(ids).size).toBe(4)
    expect([...ids].sort()).toEqual(ids)
    expect(ids.every((id) => /^c[0-9a-z]+ab12$/.test(id))).toBe(true)
  })
})

describe('CommentBroadcaster against the fake ZEGO server API', () => {
  let server: TestServer
  let zego: FakeZegoServerApi
  let admin: LoginResponse
  let anchor: LoginResponse

  beforeAll(async () => {
    zego = zegoFollowing(() => server)
    await zego.start()
    server = await createTestServer({ env: { ZEGO_API_BASE: zego.baseUrl, ZEGO_TIMEOUT_MS: '300', ZEGO_COMMANDS_PER_SECOND: String(MESSAGES_PER_SECOND) } })
    admin = await server.signIn('batch-admin', 'admin')
    anchor = await server.signIn('batch-anchor', 'anchor')
  })

  afterAll(async () => {
    await server.close()
    await zego.close()
  })

  beforeEach(async () => {
    await pass(MAX_BROADCAST_DELAY_MS)
    zego.clearFaults()
    zego.ledger.length = 0
  })

  const others: CommentBroadcaster[] = []
  afterEach(async () => {
    for (const other of others.splice(0)) await other.stop()
  })

  /** Moves the clock tick by tick, letting every broadcaster finish what each tick started. */
  async function pass(ms: number, each?: () => Promise<void>): Promise<void> {
    for (let t = 0; t < ms; t += COMMENT_TICK_MS) {
      server.timers.advance(COMMENT_TICK_MS)
      await Promise.all([server.handles.commentBroadcaster, ...others].map((b) => b.idle()))
      await each?.()
    }
  }

  const secondOf = (call: ZegoLedgerEntry): string => call.params.Timestamp ?? ''
  const countBy = (calls: ZegoLedgerEntry[], key: (c: ZegoLedgerEntry) => string): number[] => {
    const counts = new Map<string, number>()
    for (const c of calls) counts.set(key(c), (counts.get(key(c)) ?? 0) + 1)
    return [...counts.values()]
  }
  const idsSent = (roomId: string): string[] =>
    zego
      .callsTo(BARRAGE)
      .filter((c) => c.params.RoomId === roomId)
      .flatMap((c) => unpackCommentBatch(c.params.MessageContent ?? '', roomId)?.map((x) => x.id) ?? [])

  it('sends a busy live in batches of at most 1024 bytes, within the room rate and its share of the AppID rate, every comment once and in order', async () => {
    const [a, b] = await Promise.all([createRoom(server, admin, anchor), createRoom(server, admin, anchor)]) as [Room, Room]
    const accepted = new Map<string, string[]>([
      [a.id, []],
      [b.id, []],
    ])
    let n = 0
    const likes = new ZegoMessageBudget(server.handles.store, MESSAGES_PER_SECOND, server.clock.nowMs)
    const likesTaken: boolean[] = []
    const skippedBefore = server.handles.commentBroadcaster.counts.skipped
    let ticks = 0
    // 2 seconds of 150 comments a tick into one room and 20 into the other: 3,400 comments.
    await pass(2000, async () => {
      for (let i = 0; i < 170; i += 1) {
        const roomId = i < 150 ? a.id : b.id
        n += 1
        const c = { ...comment(roomId, n), sentAt: Math.floor(server.clock.nowMs() / 1000) }
        accepted.get(roomId)?.push(c.id)
        server.handles.commentBroadcaster.enqueue(c)
      }
      // Likes (one announcement a second here) keep their part of the allowance while comments use theirs.
      if (ticks % 10 === 0) likesTaken.push(await likes.take())
      ticks += 1
    })
    await pass(MAX_BROADCAST_DELAY_MS + 1000)

    const calls = zego.callsTo(BARRAGE)
    expect(calls.filter((c) => Buffer.byteLength(c.params.MessageContent ?? '') > 1024)).toEqual([])
    expect(calls.every((c) => c.params.UserId === COMMENT_BATCH_SENDER_ID)).toBe(true)
    expect(Math.max(...countBy(calls, (c) => `${c.params.RoomId}|${secondOf(c)}`))).toBeLessThanOrEqual(ROOM_MESSAGES_PER_SECOND)
    expect(Math.max(...countBy(calls, secondOf))).toBeLessThanOrEqual(Math.floor(MESSAGES_PER_SECOND * COMMENT_BUDGET_SHARE))
    expect(likesTaken.filter((taken) => !taken)).toEqual([])

    // More than ZEGO carries in time: what went out is in order and once; the rest was counted as skipped.
    for (const [roomId, ids] of accepted) {
      const sent = idsSent(roomId)
      expect(new Set(sent).size).toBe(sent.length)
      const positions = sent.map((id) => ids.indexOf(id))
      expect(positions.filter((p) => p < 0)).toEqual([])
      expect([...positions].sort((x, y) => x - y)).toEqual(positions)
    }
    const sentCount = idsSent(a.id).length + idsSent(b.id).length
    expect(sentCount + server.handles.commentBroadcaster.counts.skipped - skippedBefore).toBe(n)
    expect(server.handles.commentBroadcaster.waiting).toBe(0)
    expect(server.logs.some((line) => line.includes('live comments left to the history'))).toBe(true)
  })

  it('holds one room to its rate across two instances sharing the store', async () => {
    const room = await createRoom(server, admin, anchor)
    const other = new CommentBroadcaster({ zego: server.handles.zegoServerApi, store: server.handles.store, log: server.app.log, nowMs: server.clock.nowMs, messagesPerSecond: MESSAGES_PER_SECOND, timer: server.timers })
    others.push(other)
    let n = 0
    await pass(3000, async () => {
      for (let i = 0; i < 40; i += 1) {
        n += 1
        ;(i % 2 === 0 ? server.handles.commentBroadcaster : other).enqueue(comment(room.id, 100_000 + n))
      }
    })
    await pass(MAX_BROADCAST_DELAY_MS)
    const calls = zego.callsTo(BARRAGE)
    expect(calls.length).toBeGreaterThan(0)
    expect(Math.max(...countBy(calls, secondOf))).toBeLessThanOrEqual(Math.floor(MESSAGES_PER_SECOND * COMMENT_BUDGET_SHARE))
    expect(Math.max(...countBy(calls, (c) => `${c.params.RoomId}|${secondOf(c)}`))).toBeLessThanOrEqual(ROOM_MESSAGES_PER_SECOND)
  })

  it('sends a batch ZEGO refused again, so each comment reaches the room once and in order', async () => {
    const room = await createRoom(server, admin, anchor)
    zego.injectFault({ kind: 'code', code: 206, roomId: room.id }, 2)
    zego.injectFault({ kind: 'http', status: 502, roomId: room.id })
    const ids: string[] = []
    for (let i = 0; i < 30; i += 1) {
      const c = comment(room.id, 200_000 + i)
      ids.push(c.id)
      server.handles.commentBroadcaster.enqueue(c)
    }
    await pass(MAX_BROADCAST_DELAY_MS / 2)
    const calls = zego.callsTo(BARRAGE).filter((c) => c.params.RoomId === room.id)
    expect(calls.length).toBeGreaterThan(3)
    // The refused sends carried the same comments as the one that went through.
    expect(unpackCommentBatch(calls[0]?.params.MessageContent ?? '', room.id)).toEqual(unpackCommentBatch(calls[3]?.params.MessageContent ?? '', room.id))
    // The fake answered the first three with faults: what the room received is from the fourth call on.
    const received = calls.slice(3).flatMap((c) => unpackCommentBatch(c.params.MessageContent ?? '', room.id)?.map((x) => x.id) ?? [])
    expect(received).toEqual(ids)
    expect(server.logs.some((line) => line.includes('ZEGO did not take a batch of live comments; retrying'))).toBe(true)
  })

  it('leaves comments to the history once ZEGO has refused them for longer than they are worth showing', async () => {
    const room = await createRoom(server, admin, anchor)
    const before = server.handles.commentBroadcaster.counts.skipped
    zego.injectFault({ kind: 'http', status: 500, roomId: room.id }, 1000)
    server.handles.commentBroadcaster.enqueue(comment(room.id, 300_000))
    await pass(MAX_BROADCAST_DELAY_MS + 4000)
    expect(server.handles.commentBroadcaster.counts.skipped - before).toBe(1)
    zego.clearFaults()
    zego.ledger.length = 0
    const later = comment(room.id, 300_001)
    server.handles.commentBroadcaster.enqueue(later)
    await pass(1000)
    expect(idsSent(room.id)).toEqual([later.id])
  })
})
