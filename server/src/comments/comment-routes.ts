/**
 * POST /api/rooms/:id/comments: a viewer (or the anchor) comments during a live. The text is
 * checked by WeChat before anyone sees it, then broadcast to the room through ZEGO's server API
 * as a barrage message, so clients never send unchecked text to ZEGO themselves.
 */
import type { FastifyInstance } from 'fastify'
import type { LiveCommentRequest, LiveCommentResponse } from '../../../miniprogram/core/api-types'
import { bearerSecurity, currentUser, requireUser } from '../auth/guard'
import { ApiError, notFound } from '../errors'
import type { AppContext } from '../http/context'
import { nowSecondsOf } from '../http/context'
import { errorResponses, idParams } from '../http/schemas'
import { ZegoApiError } from '../zego/server-api'
import { COMMENT_MAX_CHARACTERS, normaliseCommentText } from './comment-text'
import { commentDisplayName } from './display-name'

const SUMMARY = 'Send a live comment: checked by WeChat msg_sec_check (only "pass" is shown), then broadcast to the room through ZEGO'
const DEV_MODE_SUMMARY = 'DEV MODE: comments are NOT checked by WeChat msg_sec_check (no WeChat credentials); sent to the room through ZEGO unchecked'

const commentSchema = {
  type: 'object',
  required: ['id', 'roomId', 'userId', 'nickname', 'text', 'sentAt'],
  properties: {
    id: { type: 'string' },
    roomId: { type: 'string' },
    userId: { type: 'string' },
    nickname: { type: 'string' },
    text: { type: 'string' },
    sentAt: { type: 'integer' },
  },
} as const

export async function commentRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
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
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['text'],
          // Generous bound here; the real limit applies after trimming (normaliseCommentText).
          properties: { text: { type: 'string', maxLength: COMMENT_MAX_CHARACTERS * 4 } },
        },
        response: { 201: { type: 'object', required: ['comment'], properties: { comment: commentSchema } }, ...errorResponses },
      },
    },
    async (request, reply): Promise<LiveCommentResponse> => {
      const user = currentUser(request)
      const text = normaliseCommentText(request.body.text)
      const room = await ctx.rooms.find(request.params.id)
      if (room === undefined) throw notFound('room')
      if (room.status !== 'live') throw new ApiError(409, 'room_not_live', `comments are open only during a live; this room is ${room.status}`)

      await ctx.commentModerator.approve(text, { userId: user.id, openid: user.openid }, request.log)

      const nickname = commentDisplayName(user.id, room)
      // ZEGO does not deliver a message back to the client logged in as its sender (UserId = this
      // user), so the sender's client shows its own comment from this route's answer instead.
      const messageId = await ctx.zegoServerApi
        .sendBarrageMessage({ roomId: room.id, userId: user.id, userName: nickname, content: text })
        .then(
          (sent) => sent.messageId,
          (err: unknown) => {
            if (!(err instanceof ZegoApiError)) throw err
            request.log.warn({ failure: err.failure, code: err.code, httpStatus: err.httpStatus, err: err.message, roomId: room.id }, 'ZEGO did not take the comment')
            throw new ApiError(502, 'zego_unavailable', '评论发送失败，请稍后再试 (the live room did not take the comment; retry later)')
          },
        )
      request.log.info({ roomId: room.id, userId: user.id, messageId }, 'live comment delivered')
      reply.status(201)
      return { comment: { id: messageId, roomId: room.id, userId: user.id, nickname, text, sentAt: nowSecondsOf(ctx) } }
    },
  )
}
