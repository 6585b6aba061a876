/**
 * Replays of our own ZEGO rooms: the recorded segments of each live, in order, and the explain
 * timeline (讲解) on the same clock. Times inside a replay are Unix milliseconds, because segments
 * and explains are placed against each other to the second; `expiresAt` is Unix seconds.
 */
import { Type, type Static } from '@sinclair/typebox'
import { GoodsSchema } from './goods-schemas'
import { IdSchema } from './common-schemas'

const UnixMsSchema = Type.Integer({ minimum: 0 })

export const ReplaySegmentSchema = Type.Object({
  /** https URL of an mp4 file; signed when the storage's CDN checks URLs, then valid until expiresAt. */
  url: Type.String(),
  /** When the file's recording began. */
  startMs: UnixMsSchema,
  durationMs: Type.Integer({ minimum: 0 }),
  sizeBytes: Type.Integer({ minimum: 0 }),
  /** null: the URL does not expire. */
  expiresAt: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
})
export type ReplaySegment = Static<typeof ReplaySegmentSchema>

/** From `atMs` on the anchor explained `goodsId` ('' = stopped explaining). */
export const ReplayExplainSchema = Type.Object({
  goodsId: Type.String(),
  atMs: UnixMsSchema,
})
export type ReplayExplain = Static<typeof ReplayExplainSchema>

export const RoomReplaySchema = Type.Object({
  /** The live session this replay recorded. */
  sessionId: Type.String(),
  startedMs: UnixMsSchema,
  endedMs: Type.Union([UnixMsSchema, Type.Null()]),
  /** In recording order. */
  segments: Type.Array(ReplaySegmentSchema),
  explains: Type.Array(ReplayExplainSchema),
  /** Some files of this live did not reach the storage: the replay has gaps. */
  partial: Type.Boolean(),
})
export type RoomReplay = Static<typeof RoomReplaySchema>

/** GET /api/rooms/:id/replays: newest live first, only lives with something to play; the shelf as the room has it now. */
export const RoomReplaysResponseSchema = Type.Object({
  roomId: Type.String(),
  title: Type.String(),
  replays: Type.Array(RoomReplaySchema),
  shelfGoods: Type.Array(GoodsSchema),
})
export type RoomReplaysResponse = Static<typeof RoomReplaysResponseSchema>

/** POST /api/rooms/:id/explains: the anchor's console tells the server what it now explains ('' = stop). */
export const ExplainReportSchema = Type.Object(
  { goodsId: Type.Union([Type.Literal(''), IdSchema]) },
  { additionalProperties: false },
)
export type ExplainReport = Static<typeof ExplainReportSchema>

export const ExplainReportResponseSchema = Type.Object({
  /** false: the same goods was already the latest explain of this live (a repeat changes nothing). */
  recorded: Type.Boolean(),
  sessionId: Type.String(),
  /** Milliseconds since the live session started. */
  offsetMs: Type.Integer({ minimum: 0 }),
})
export type ExplainReportResponse = Static<typeof ExplainReportResponseSchema>

/** A value ZEGO may post as a string or a number (timestamp is a string, app_id a number). */
const Scalar = Type.Union([Type.String({ maxLength: 64 }), Type.Integer()])

/**
 * ZEGO's cloud recording status callback (v2). Only what the server reads is described; ZEGO adds
 * fields over time, so others are allowed and ignored. `detail` depends on event_type.
 */
export const RecordCallbackSchema = Type.Object(
  {
    app_id: Scalar,
    task_id: Type.String({ minLength: 1, maxLength: 64 }),
    room_id: Type.Optional(Type.String({ maxLength: 256 })),
    event_type: Type.Integer({ minimum: 0, maximum: 100_000 }),
    message: Type.Optional(Type.String({ maxLength: 2048 })),
    nonce: Scalar,
    timestamp: Scalar,
    signature: Type.String({ minLength: 1, maxLength: 128 }),
    sequence: Type.Optional(Type.Integer({ minimum: 0 })),
    detail: Type.Optional(
      Type.Object(
        {
          upload_status: Type.Optional(Type.Integer()),
          quit_reason: Type.Optional(Type.Integer()),
          file_info: Type.Optional(
            Type.Array(
              Type.Object(
                {
                  file_id: Type.Optional(Type.String({ maxLength: 512 })),
                  file_url: Type.Optional(Type.String({ maxLength: 2048 })),
                  stream_id: Type.Optional(Type.String({ maxLength: 256 })),
                  file_size: Type.Optional(Type.Integer({ minimum: 0 })),
                  duration: Type.Optional(Type.Integer({ minimum: 0 })),
                  begin_timestamp: Type.Optional(Type.Integer({ minimum: 0 })),
                  status: Type.Optional(Type.Integer()),
                  output_file_format: Type.Optional(Type.String({ maxLength: 16 })),
                },
                { additionalProperties: true },
              ),
              { maxItems: 500 },
            ),
          ),
        },
        { additionalProperties: true },
      ),
    ),
  },
  { additionalProperties: true },
)
export type RecordCallback = Static<typeof RecordCallbackSchema>

export const RecordCallbackAnswerSchema = Type.Object({
  ok: Type.Boolean(),
  /** What the callback did: stored N new segments, moved the task's state, or nothing. */
  applied: Type.Union([Type.Literal('segments'), Type.Literal('state'), Type.Null()]),
  added: Type.Integer({ minimum: 0 }),
})
export type RecordCallbackAnswer = Static<typeof RecordCallbackAnswerSchema>
