/**
 * The merchant server's likes routes as the mini-program sees them (server/src/likes/likes-routes.ts):
 * POST /api/rooms/:id/likes {count 1–50} while the room is live answers {roomId, total}; GET answers
 * the total. With `announce`, a batch also reaches every fake engine in the room as ZEGO's
 * IMRecvCustomCommand from "system", as the server's SendCustomCommand does (the real server
 * coalesces to one a second per room; test/server/likes.test.ts holds it to that).
 */
import { LIKES_BATCH_MAX, LIKES_SENDER_ID, likesCommandText } from '../../miniprogram/contract/likes-rules'
import type { LikesTotal } from '../../miniprogram/contract/likes-schemas'
import type { FakeServer } from './server-api'
import { FakeZegoEngine } from './zego-engine'

export interface FakeLikes {
  readonly totals: Map<string, number>
  /** Counts of the batches the route accepted, per room, in order. */
  readonly batches: Map<string, number[]>
  announce: boolean
}

/** Delivers a like total to every fake engine in `roomId`, as ZEGO hands the server's custom command over. */
export function announceLikes(roomId: string, total: number, fromUserID = LIKES_SENDER_ID): void {
  for (const engine of FakeZegoEngine.alive()) {
    if (engine.room === roomId) engine.customCommand(fromUserID, likesCommandText(roomId, total), roomId)
  }
}

export function installLikes(server: FakeServer): FakeLikes {
  const likes: FakeLikes = { totals: new Map(), batches: new Map(), announce: false }
  server.extraRoutes.push((req) => {
    const match = /^\/api\/rooms\/([^/]+)\/likes$/.exec(req.path)
    if (!match) return undefined
    const roomId = decodeURIComponent(match[1] ?? '')
    const room = server.rooms.get(roomId)
    if (!room) return { statusCode: 404, data: { error: 'not_found', message: 'room not found' } }
    if (req.method === 'GET') {
      const body: LikesTotal = { roomId, total: likes.totals.get(roomId) ?? 0 }
      return { statusCode: 200, data: body }
    }
    if (req.method !== 'POST') return undefined
    const count = (req.body as { count?: unknown } | undefined)?.count
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > LIKES_BATCH_MAX) {
      return { statusCode: 400, data: { error: 'bad_request', message: `count must be an integer 1–${LIKES_BATCH_MAX}`, field: 'count' } }
    }
    if (room.status !== 'live') return { statusCode: 409, data: { error: 'room_not_live', message: `likes are open only during a live; this room is ${room.status}` } }
    const total = (likes.totals.get(roomId) ?? 0) + count
    likes.totals.set(roomId, total)
    likes.batches.set(roomId, [...(likes.batches.get(roomId) ?? []), count])
    if (likes.announce) announceLikes(roomId, total)
    const body: LikesTotal = { roomId, total }
    return { statusCode: 200, data: body }
  })
  return likes
}
