/**
 * What the live-comment suites share: a fake ZEGO server API on the test server's clock (its
 * signature window follows the clock tests move), a room in a given status, and moving the clock
 * until the accepted comments have gone out in their batches.
 */
import type { LiveComment, LoginResponse, Room } from '../../../miniprogram/core/api-types'
import { COMMENT_TICK_MS } from '../../../server/src/comments/comment-broadcaster'
import { unpackCommentBatch } from '../../../miniprogram/live/core/live-comment'
import type { ZegoLedgerEntry } from '../../fakes/zego-server-api'
import { FakeZegoServerApi } from '../../fakes/zego-server-api'
import { TEST_ZEGO_APP_ID, TEST_ZEGO_SECRET, bearer, type TestServer } from './test-server'

export function zegoFollowing(server: () => TestServer | undefined): FakeZegoServerApi {
  return new FakeZegoServerApi(TEST_ZEGO_APP_ID, TEST_ZEGO_SECRET, () => Math.floor((server()?.clock.nowMs() ?? Date.now()) / 1000))
}

/** A room hosted by `anchor`, created by `admin`, then reported live or ended by its anchor. */
export async function createRoom(server: TestServer, admin: LoginResponse, anchor: LoginResponse, status: 'live' | 'scheduled' | 'ended' = 'live'): Promise<Room> {
  const created = await server.request({ method: 'POST', url: '/api/rooms', headers: bearer(admin), payload: { title: 'Comments', anchorUserId: anchor.user.id, scheduledStart: 1_795_400_000 } })
  expect(created.statusCode).toBe(201)
  const room = created.json<{ room: Room }>().room
  if (status !== 'scheduled') {
    const reported = await server.request({ method: 'POST', url: `/api/rooms/${room.id}/status`, headers: bearer(anchor), payload: { status } })
    expect(reported.statusCode).toBe(200)
  }
  return room
}

/**
 * Moves the server's clock one comment tick at a time until no comment waits for its batch (or
 * `maxTicks` passed, for batches ZEGO keeps refusing), waiting for each send to finish.
 */
export async function broadcastComments(server: TestServer, maxTicks = 200): Promise<void> {
  for (let tick = 0; tick < maxTicks; tick += 1) {
    await server.handles.commentBroadcaster.idle()
    if (server.handles.commentBroadcaster.waiting === 0) return
    server.timers.advance(COMMENT_TICK_MS)
    await server.handles.commentBroadcaster.idle()
  }
}

/** The comments one SendBarrageMessage call carried, read as the mini-program reads them. */
export function batchOf(call: ZegoLedgerEntry | undefined): Pick<LiveComment, 'id' | 'userId' | 'nickname' | 'text'>[] {
  const comments = unpackCommentBatch(call?.params.MessageContent ?? '', call?.params.RoomId ?? '')
  if (comments === null) throw new Error(`not a comment batch: ${call?.params.MessageContent ?? '(no call)'}`)
  return comments.map(({ id, userId, nickname, text }) => ({ id, userId, nickname, text }))
}

/** The texts of every comment ZEGO was sent, in order, across its calls. */
export const broadcastTexts = (calls: ZegoLedgerEntry[]): string[] => calls.flatMap((call) => batchOf(call).map((c) => c.text))
