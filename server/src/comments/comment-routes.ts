/**
 * POST /api/rooms/:id/comments: a viewer (or the anchor) comments during a live. The text is
 * checked by WeChat before anyone sees it, then broadcast to the room through ZEGO's server API
 * as a barrage message, so clients never send unchecked text to ZEGO themselves.
 *
 * ZEGO only delivers a barrage to those in the room at that moment, so delivered comments are also
 * kept (table live_comments) and GET /api/rooms/:id/comments hands the newest to a late viewer.
 */
import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import { ErrorResponses, IdParamsSchema } from '../../../miniprogram/contract/common-schemas'
import {
  COMMENT_HISTORY_DEFAULT,
  COMMENT_HISTORY_MAX,
  LiveCommentListQuerySchema,
  LiveCommentListResponseSchema,
  LiveCommentRequestSchema,
  LiveCommentResponseSchema,
  type LiveComment,
  type LiveCommentListResponse,
  type LiveCommentRequest,
  type LiveCommentResponse,
} from '../../../miniprogram/contract/comment-schemas'
import type { Database } from '../db/schema'
import { bearerSecurity, currentUser, requireUser } from '../auth/guard'
import { ApiError, notFound } from '../errors'
import type { AppContext } from '../http/context'
import { nowSecondsOf } from '../http/context'
import { ConcurrencyGate, GateFullError } from '../http/concurrency-gate'
import { ZegoApiError } from '../zego/server-api'
import { CommentWriter } from './comment-writer'
import { COMMENT_MAX_CHARACTERS, normaliseCommentText } from './comment-text'
import { mutedUntil } from '../console/monitor-routes'
import { commentDisplayName } from './display-name'

const SUMMARY = 'Send a live comment: checked by WeChat msg_sec_check (only "pass" is shown), then broadcast to the room through ZEGO'
const DEV_MODE_SUMMARY = 'DEV MODE: comments are NOT checked by WeChat msg_sec_check (no WeChat credentials); sent to the room through ZEGO unchecked'


/** Barrage messages in flight towards ZEGO at once (its server API limits QPS per app), and how many may wait. */
const ZEGO_CONCURRENCY = 48
const ZEGO_QUEUE = 4000

/**
 * The newest `limit` comments of a room, oldest first. Times are whole seconds, so comments of the
 * same second are ordered by ID to keep the answer stable.
 */
export async function recentComments(db: Kysely<Database>, roomId: string, limit: number): Promise<LiveComment[]> {
  const rows = await db
    .selectFrom('live_comments')
    .select(['id', 'room_id', 'user_id', 'nickname', 'text', 'sent_at'])
    .where('room_id', '=', roomId)
    .orderBy('sent_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
  return rows.reverse().map((r) => ({ id: r.id, roomId: r.room_id, userId: r.user_id, nickname: r.nickname, text: r.text, sentAt: Number(r.sent_at) }))
}

export async function commentRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const writer = new CommentWriter(ctx.database.db)
  const zegoGate = new ConcurrencyGate('SendBarrageMessage', ZEGO_CONCURRENCY, ZEGO_QUEUE)
  // Comments already delivered are written before the database closes.
  app.addHook('onClose', () => writer.idle())

  app.post<{ Params: { id: string }; Body: LiveCommentRequest }>(
    '/api/rooms/:id/comments',
    {
      preValidation: requireUser,
      config: {
        rateLimit: {
          max: ctx.config.rateLimits.commentsPerMinute,
          timeWindow: '1 minute',
          // Per signed-in user, so viewers behind one NAT do not silence each other.
          keyGenerator: (request) => request.user?.id ?? request.ip,
        },
      },
      schema: {
        tags: ['comments'],
        summary: ctx.commentModerator.skipsCheck ? DEV_MODE_SUMMARY : SUMMARY,
        description:
          `Only while the room is live (409 room_not_live otherwise). text is trimmed, 1–${COMMENT_MAX_CHARACTERS} characters. ` +
          'WeChat suggest review/risky → 422 comment_rejected; WeChat unreachable → 503 moderation_unavailable (nothing is delivered); ' +
          'ZEGO failure → 502 zego_unavailable. ZEGO does not echo a message to its sender, so the client shows its own comment from this answer. ' +
          'Without WeChat credentials (dev mode) the content check is skipped.',
        security: bearerSecurity,
        params: IdParamsSchema,
        body: LiveCommentRequestSchema,
        response: { 201: LiveCommentResponseSchema, ...ErrorResponses },
      },
    },
    async (request, reply): Promise<LiveCommentResponse> => {
      const user = currentUser(request)
      const text = normaliseCommentText(request.body.text)
      const room = await ctx.cachedAnswers.room.get(request.params.id, () => ctx.rooms.find(request.params.id))
      if (room === undefined) throw notFound('room')
      if (room.status !== 'live') throw new ApiError(409, 'room_not_live', `comments are open only during a live; this room is ${room.status}`)
      if ((await mutedUntil(ctx, room.id, user.id)) !== null) throw new ApiError(403, 'muted', '你已被禁言 (you are muted in this room)', 'text')

      await ctx.commentModerator.approve(text, { userId: user.id, openid: user.openid }, request.log)

      const nickname = commentDisplayName(user.id, room)
      // ZEGO does not deliver a message back to the client logged in as its sender (UserId = this
      // user), so the sender's client shows its own comment from this route's answer instead.
      const messageId = await zegoGate
        .run(() => ctx.zegoServerApi.sendBarrageMessage({ roomId: room.id, userId: user.id, userName: nickname, content: text }))
        .then(
          (sent) => sent.messageId,
          (err: unknown) => {
            if (err instanceof GateFullError) throw new ApiError(503, 'zego_busy', '评论太多啦，请稍后再试 (too many comments are waiting for the live room; retry shortly)')
            if (!(err instanceof ZegoApiError)) throw err
            request.log.warn({ failure: err.failure, code: err.code, httpStatus: err.httpStatus, err: err.message, roomId: room.id }, 'ZEGO did not take the comment')
            throw new ApiError(502, 'zego_unavailable', '评论发送失败，请稍后再试 (the live room did not take the comment; retry later)')
          },
        )
      request.log.info({ roomId: room.id, userId: user.id, messageId }, 'live comment delivered')
      const comment: LiveComment = { id: messageId, roomId: room.id, userId: user.id, nickname, text, sentAt: nowSecondsOf(ctx) }
      try {
        await writer.store(comment)
      } catch (err) {
        // The room has already seen it; failing the answer would only make the sender retry a
        // comment everyone saw. Late viewers just miss this one.
        request.log.error({ err, roomId: room.id, messageId }, 'delivered live comment was not stored')
      }
      ctx.roomEvents.publish(room.id, { type: 'comment', comment })
      reply.status(201)
      return { comment }
    },
  )

  app.get<{ Params: { id: string }; Querystring: { limit: number } }>(
    '/api/rooms/:id/comments',
    {
      schema: {
        tags: ['comments'],
        summary: "A room's newest delivered comments, oldest first, for a viewer who enters late",
        description: `limit 1–${COMMENT_HISTORY_MAX} (default ${COMMENT_HISTORY_DEFAULT}): the newest that many, in the order they were sent.`,
        params: IdParamsSchema,
        querystring: LiveCommentListQuerySchema,
        response: { 200: LiveCommentListResponseSchema, ...ErrorResponses },
      },
    },
    async (request): Promise<LiveCommentListResponse> => {
      const room = await ctx.rooms.find(request.params.id)
      if (room === undefined) throw notFound('room')
      return { comments: await recentComments(ctx.database.db, room.id, request.query.limit) }
    },
  )
}
