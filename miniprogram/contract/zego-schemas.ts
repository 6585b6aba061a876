/** POST /api/zego/token: a ZEGO Token04 for one room. */
import { Type, type Static } from '@sinclair/typebox'
import { UnixSecondsSchema } from './common-schemas'

export const ZegoTokenRequestSchema = Type.Object({ roomId: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false })
export type ZegoTokenRequest = Static<typeof ZegoTokenRequestSchema>

export const ZegoTokenResponseSchema = Type.Object({ appId: Type.Integer(), userId: Type.String(), token: Type.String(), expiresAt: UnixSecondsSchema })
export type ZegoTokenResponse = Static<typeof ZegoTokenResponseSchema>

/**
 * POST /api/zego/callback: ZEGO's server callbacks. ZEGO documents every value as a string but some
 * deployments post numbers; bodies are not coerced, so both are accepted and read as text.
 */
const CallbackValueSchema = Type.Unsafe<string | number>({ type: ['string', 'integer'], maxLength: 64 })

export const ZegoCallbackBodySchema = Type.Object(
  {
    event: Type.String({ minLength: 1 }),
    appid: CallbackValueSchema,
    timestamp: CallbackValueSchema,
    nonce: CallbackValueSchema,
    signature: Type.String({ minLength: 1 }),
    room_id: Type.Optional(Type.String()),
    stream_id: Type.Optional(Type.String()),
    create_time_ms: Type.Optional(CallbackValueSchema),
  },
  // ZEGO sends many more fields (urls, extra info); they are read as text, never stored.
  { additionalProperties: true },
)

export const ZegoCallbackAnswerSchema = Type.Object({
  ok: Type.Literal(true),
  /** The room status this callback set, or null when it changed nothing. */
  applied: Type.Unsafe<'live' | 'ended' | null>({ enum: ['live', 'ended', null] }),
})
export type ZegoCallbackAnswer = Static<typeof ZegoCallbackAnswerSchema>
