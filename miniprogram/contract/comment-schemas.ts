/** Live comments: POST /api/rooms/:id/comments and the late viewer's GET of the newest ones. */
import { Type, type Static } from '@sinclair/typebox'
import { UnixSecondsSchema } from './common-schemas'
import { COMMENT_MAX_CHARACTERS } from './comment-rules'

/** How many comments GET answers when not told; about what fits the chat panel over the video. */
export const COMMENT_HISTORY_DEFAULT = 50
export const COMMENT_HISTORY_MAX = 100

/** POST /api/rooms/:id/comments */
export const LiveCommentRequestSchema = Type.Object(
  // Generous bound here; the real limit applies after trimming (commentLength).
  { text: Type.String({ maxLength: COMMENT_MAX_CHARACTERS * 4 }) },
  { additionalProperties: false },
)
export type LiveCommentRequest = Static<typeof LiveCommentRequestSchema>

/**
 * A live comment that passed WeChat's content check and was broadcast to the room through ZEGO.
 * ZEGO does not deliver a message back to its sender, so the sender's client shows this answer.
 */
export const LiveCommentSchema = Type.Object({
  /** ZEGO's MessageId. */
  id: Type.String(),
  roomId: Type.String(),
  userId: Type.String(),
  /** Display name: see commentDisplayName in comment-rules.ts. */
  nickname: Type.String(),
  /** As delivered: trimmed. */
  text: Type.String(),
  sentAt: UnixSecondsSchema,
})
export type LiveComment = Static<typeof LiveCommentSchema>

/** POST /api/rooms/:id/comments (201) */
export const LiveCommentResponseSchema = Type.Object({ comment: LiveCommentSchema })
export type LiveCommentResponse = Static<typeof LiveCommentResponseSchema>

/** GET /api/rooms/:id/comments: the room's newest delivered comments, oldest first. */
export const LiveCommentListQuerySchema = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: COMMENT_HISTORY_MAX, default: COMMENT_HISTORY_DEFAULT })) },
  { additionalProperties: false },
)

export const LiveCommentListResponseSchema = Type.Object({ comments: Type.Array(LiveCommentSchema) })
export type LiveCommentListResponse = Static<typeof LiveCommentListResponseSchema>
