/**
 * POST /api/rooms/:id/comments: a viewer (or the anchor) comments during a live. The text is
 * checked by WeChat before anyone sees it, stored, and answered; the room's viewers receive it
 * within a tick in a batched ZEGO barrage message (comment-broadcaster.ts), so clients never send
 * unchecked text to ZEGO themselves and a busy live does not need one ZEGO call per comment.
 *
 * ZEGO only delivers a barrage to those in the room at that moment, so accepted comments are also
 * kept (table live_comments) and GET /api/rooms/:id/comments hands the newest to a late viewer.
 */
import type { FastifyPluginAsync } from 'fastify'
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
import type { Room } from '../../../miniprogram/contract/room-schemas'
import { bearerSecurity, currentUser, requireUser } from '../auth/guard'
import type { RoomEventBus } from '../console/room-events'
import { ApiError, notFound } from '../errors'
import type { LookupMemo } from '../http/lookup-memo'
import type { RoomsRepo } from '../rooms/rooms-repo'
import type { CommentBroadcaster } from './comment-broadcaster'
import type { CommentModerator } from './comment-moderation'
import { CommentWriter } from './comment-writer'
import { commentIdSource } from './comment-batch'
import { COMMENT_MAX_CHARACTERS, normaliseCommentText } from './comment-text'
import type { CommentsRepo } from './comments-repo'
import { commentDisplayName } from './display-name'
import type { RoomMutes } from './room-mutes'

const SUMMARY = 'Send a live comment: checked by WeChat msg_sec_check (only "pass" is shown), stored, then broadcast to the room through ZEGO in batches'
const DEV_MODE_SUMMARY = 'DEV MODE: comments are NOT checked by WeChat msg_sec_check (no WeChat credentials); broadcast to the room through ZEGO unchecked'

export interface CommentsPluginOptions {
  comments: CommentsRepo
  rooms: Pick<RoomsRepo, 'find'>
  /** The rooms a comment names, memoised until the rooms table is written (http/cached-answers.ts). */
  roomMemo: LookupMemo<Room | undefined>
  mutes: Pick<RoomMutes, 'mutedUntil'>
  moderator: CommentModerator
  broadcaster: Pick<CommentBroadcaster, 'enqueue'>
  roomEvents: Pick<RoomEventBus, 'publish'>
  /** Comments per signed-in user per minute. */
  commentsPerMinute: number
  nowMs: () => number
}

export const commentsPlugin: FastifyPluginAsync<CommentsPluginOptions> = async (app, { comments, rooms, roomMemo, mutes, moderator, broadcaster, roomEvents, commentsPerMinute, nowMs }) => {
  const writer = new CommentWriter(comments)
  const nextCommentId = commentIdSource(nowMs)
  // Comments already delivered are written before the database closes.
  app.addHook('onClose', () => writer.idle())

  app.post<{ Params: { id: string }; Body: LiveCommentRequest }>(
    '/api/rooms/:id/comments',
    {
      preValidation: requireUser,
      config: {
        rateLimit: {
          max: commentsPerMinute,
          timeWindow: '1 minute',
          // Per signed-in user, so viewers behind one NAT do not silence each other.
          keyGenerator: (request) => request.user?.id ?? request.ip,
        },
      },
      schema: {
        tags: ['comments'],
        summary: moderator.skipsCheck ? DEV_MODE_SUMMARY : SUMMARY,
        description:
          `Only while the room is live (409 room_not_live otherwise). text is trimmed, 1–${COMMENT_MAX_CHARACTERS} characters. ` +
          'WeChat suggest review/risky → 422 comment_rejected; WeChat unreachable → 503 moderation_unavailable (nothing is delivered). ' +
          'The room receives accepted comments as IMRecvBarrageMessage batches from sender "system" (one message carries many, each with its ID); ' +
          'the sender shows its own comment from this answer at once and recognises it in the batch by its ID. ' +
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
      const room = await roomMemo.get(request.params.id, () => rooms.find(request.params.id))
      if (room === undefined) throw notFound('room')
      if (room.status !== 'live') throw new ApiError(409, 'room_not_live', `comments are open only during a live; this room is ${room.status}`)
      if ((await mutes.mutedUntil(room.id, user.id)) !== null) throw new ApiError(403, 'muted', '你已被禁言 (you are muted in this room)', 'text')

      await moderator.approve(text, { userId: user.id, openid: user.openid }, request.log)

      const comment: LiveComment = { id: nextCommentId(), roomId: room.id, userId: user.id, nickname: commentDisplayName(user.id, room), text, sentAt: Math.floor(nowMs() / 1000) }
      try {
        await writer.store(comment)
      } catch (err) {
        // It was checked: the room still sees it. Late viewers just miss this one.
        request.log.error({ err, roomId: room.id, commentId: comment.id }, 'accepted live comment was not stored')
      }
      broadcaster.enqueue(comment)
      request.log.info({ roomId: room.id, userId: user.id, commentId: comment.id }, 'live comment accepted')
      roomEvents.publish(room.id, { type: 'comment', comment })
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
      const room = await rooms.find(request.params.id)
      if (room === undefined) throw notFound('room')
      return { comments: await comments.recent(room.id, request.query.limit) }
    },
  )
}
