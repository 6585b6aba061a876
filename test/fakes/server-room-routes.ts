/**
 * The fake merchant server's routes around a running room (server-api.ts dispatches to them): the
 * console's live status reports, live comments and their history, and live reminders. The
 * decisions are the server's own pure rules; what is left here is the bookkeeping a database
 * would do.
 */
import type { LiveComment, LiveCommentListResponse, LiveCommentResponse, RoomDetailResponse, RoomLiveStatus } from '../../miniprogram/core/api-types'
// The server's own rules, pure, so the fake applies them instead of a copy that could drift.
import { consoleReportDecision } from '../../server/src/rooms/live-order'
import { liveTransition } from '../../server/src/rooms/live-transitions'
import { normaliseCommentText } from '../../server/src/comments/comment-text'
import { commentDisplayName } from '../../server/src/comments/display-name'
import { ApiError, noRouteBody, notFound } from '../../server/src/errors'
import { EmptyBodySchema, RoomStatusRequestSchema } from '../../miniprogram/contract/room-schemas'
import { hostsRoom } from '../../miniprogram/contract/user-rules'
import { LiveCommentRequestSchema } from '../../miniprogram/contract/comment-schemas'
import { LiveCommentListQuerySchema } from '../../miniprogram/contract/comment-schemas'
import { answerOf, checkPart, type Defaulted } from './server-checks'
import type { FakeServer, ServerRequest } from './server-api'
import type { WxRequestAnswer } from './wx'

export function recordStatus(server: FakeServer, roomId: string, req: ServerRequest, userId: string): WxRequestAnswer {
  const { status, session } = (req.body ?? {}) as { status?: unknown; session?: unknown }
  const checked = checkPart(RoomStatusRequestSchema, 'body', req.body)
  const answer = checked.ok ? roomStatus(server, roomId, checked.value.status, userId, checked.value.session) : checked.answer
  server.statusReports.push({ roomId, status, userId, answer: answer.statusCode, ...(session === undefined ? {} : { session }) })
  return answer
}

/** As room-status-routes.ts and live-transitions.ts answer. */
function roomStatus(server: FakeServer, roomId: string, to: RoomLiveStatus, userId: string, session: string | undefined): { statusCode: number; data: unknown } {
  const room = server.rooms.get(roomId)
  if (!room) return answerOf(notFound('room'))
  const role = server.roles.get(userId) ?? 'shopper'
  if (!hostsRoom({ id: userId, role }, room) && role !== 'admin') {
    return answerOf(new ApiError(403, 'forbidden', "only the room's anchor or an admin may report its live status"))
  }
  const transition = liveTransition(room.status, to)
  if (transition.kind === 'refused') return answerOf(new ApiError(409, 'room_cancelled', transition.message, 'status'))
  const state = { room, streamCreatedMs: null, streamClosedMs: null, consoleSession: server.consoleSessions.get(roomId) ?? null }
  const decision = consoleReportDecision(state, to, session ?? null)
  if (decision.kind === 'apply') server.consoleSessions.set(roomId, decision.record.consoleSession ?? null)
  if (decision.kind === 'apply' && room.status !== to) {
    const now = Math.floor(Date.now() / 1000)
    const times = to === 'live' ? { liveStartedAt: now, liveEndedAt: null } : { liveEndedAt: now }
    server.rooms.set(roomId, { ...room, ...times, status: to, updatedAt: now })
  }
  const current = server.rooms.get(roomId) ?? room
  const body: RoomDetailResponse = { room: current, shelfGoods: server.shelfOf(current) }
  return { statusCode: 200, data: body }
}

/**
 * As comment-routes.ts answers (the content check passes: inject 422/429/502/503 through
 * `failures`). Trimmed text of 1–100 code points; 409 unless the room is live.
 */
export function comment(server: FakeServer, roomId: string, req: ServerRequest, userId: string): WxRequestAnswer {
  const body = checkPart(LiveCommentRequestSchema, 'body', req.body ?? {})
  if (!body.ok) return body.answer
  let text: string
  try {
    text = normaliseCommentText(body.value.text)
  } catch (err) {
    return answerOf(err)
  }
  const room = server.rooms.get(roomId)
  if (!room) return answerOf(notFound('room'))
  if (room.status !== 'live') return { statusCode: 409, data: { error: 'room_not_live', message: `comments are open only during a live; this room is ${room.status}` } }
  const comment: LiveComment = { id: `zego-msg-${server.comments.length + 1}`, roomId, userId, nickname: commentDisplayName(userId, room), text, sentAt: Math.floor(Date.now() / 1000) }
  server.comments.push(comment)
  const answer: LiveCommentResponse = { comment }
  return { statusCode: 201, data: answer }
}

/**
 * As GET /api/rooms/:id/comments answers: the room's newest `limit` (bounds: the contract's query) of the
 * comments the POST route accepted, oldest first.
 */
export function commentHistory(server: FakeServer, roomId: string, req: ServerRequest): WxRequestAnswer {
  const query = checkPart(LiveCommentListQuerySchema, 'querystring', req.query)
  if (!query.ok) return query.answer
  const { limit } = query.value as Defaulted<typeof query.value, 'limit'>
  if (!server.rooms.has(roomId)) return answerOf(notFound('room'))
  server.onCommentHistory?.()
  const body: LiveCommentListResponse = { comments: server.comments.filter((c) => c.roomId === roomId).slice(-limit) }
  return { statusCode: 200, data: body }
}

/** As reminders/reminder-routes.ts answers: POST (201 new, 200 again), DELETE (204), GET …/me. */
export function reminder(server: FakeServer, roomId: string, me: boolean, req: ServerRequest, userId: string): WxRequestAnswer {
  const allowed = me ? req.method === 'GET' : req.method === 'POST' || req.method === 'DELETE'
  if (!allowed) return { statusCode: 404, data: noRouteBody(req.method, req.path) }
  if (!server.remindersConfigured) {
    return { statusCode: 503, data: { error: 'reminders_not_configured', message: 'live reminders need WECHAT_LIVE_TEMPLATE_ID and WECHAT_LIVE_TEMPLATE_FIELDS' } }
  }
  if (req.method === 'POST') {
    // Checked before the route runs, as Fastify does.
    const body = checkPart(EmptyBodySchema, 'body', req.body ?? {})
    if (!body.ok) return body.answer
  }
  const room = server.rooms.get(roomId)
  if (!room) return answerOf(notFound('room'))
  const key = `${roomId}|${userId}`
  if (req.method === 'GET') return { statusCode: 200, data: { reminded: server.reminders.has(key) } }
  if (req.method === 'DELETE') {
    server.reminders.delete(key)
    return { statusCode: 204, data: '' }
  }
  if (room.status !== 'scheduled') return { statusCode: 409, data: { error: 'room_not_upcoming', message: `reminders are for rooms that have not started; this room is ${room.status}` } }
  const existed = server.reminders.has(key)
  server.reminders.add(key)
  return { statusCode: existed ? 200 : 201, data: { reminded: true } }
}
