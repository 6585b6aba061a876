/** POST /api/rooms/:id/likes (a batch of taps) and GET /api/rooms/:id/likes (the room's total). */
import { Type, type Static } from '@sinclair/typebox'
import { IdSchema } from './common-schemas'
import { LIKES_BATCH_MAX } from './likes-rules'

export const LikesBatchSchema = Type.Object(
  { count: Type.Integer({ minimum: 1, maximum: LIKES_BATCH_MAX, description: `taps since the last batch, 1–${LIKES_BATCH_MAX}` }) },
  { additionalProperties: false },
)
export type LikesBatch = Static<typeof LikesBatchSchema>

export const LikesTotalSchema = Type.Object({
  roomId: IdSchema,
  /** Every like the room has had, counted on the server. */
  total: Type.Integer({ minimum: 0 }),
})
export type LikesTotal = Static<typeof LikesTotalSchema>
