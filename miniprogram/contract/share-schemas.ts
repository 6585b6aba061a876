/**
 * Share cards and entries: a share card's open recorded for its sharer, the mini-program codes
 * made for a room (what their scene maps to), and the client's public configuration.
 */
import { Type, type Static } from '@sinclair/typebox'
import { IdSchema } from './common-schemas'
import { SHARE_CHANNELS, SCENE_MAX_LENGTH } from './share-rules'

/** A share token as POST /api/shares issues it (`s1.<payload>.<mac>`). */
export const ShareTokenSchema = Type.String({ minLength: 1, maxLength: 512, pattern: '^[A-Za-z0-9._-]+$' })

/** POST /api/share-opens: the person who opened a share card says so (never its sharer). */
export const ShareOpenRequestSchema = Type.Object(
  {
    shareToken: ShareTokenSchema,
    channel: Type.Union(SHARE_CHANNELS.map((c) => Type.Literal(c))),
  },
  { additionalProperties: false },
)
export type ShareOpenRequest = Static<typeof ShareOpenRequestSchema>

/** recorded false: the sharer opened their own card (nothing to credit). */
export const ShareOpenResponseSchema = Type.Object({
  recorded: Type.Boolean(),
  roomId: Type.Optional(Type.String()),
  goodsId: Type.Optional(Type.String()),
})
export type ShareOpenResponse = Static<typeof ShareOpenResponseSchema>

/** A WeChat live room ID (a positive integer). */
export const WechatRoomIdSchema = Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991 })

/** POST /api/room-codes: a code for our room or for a WeChat live room, crediting the signed-in sharer. */
export const RoomCodeRequestSchema = Type.Object(
  { roomId: Type.Optional(IdSchema), wechatRoomId: Type.Optional(WechatRoomIdSchema) },
  { additionalProperties: false, minProperties: 1, maxProperties: 1 },
)
export type RoomCodeRequest = Static<typeof RoomCodeRequestSchema>

export const RoomCodeResponseSchema = Type.Object({
  scene: Type.String(),
  /** The page the code opens (no leading slash, as WeChat takes it). */
  page: Type.String(),
  contentType: Type.String(),
  imageBase64: Type.String(),
})
export type RoomCodeResponse = Static<typeof RoomCodeResponseSchema>

export const SceneParamsSchema = Type.Object(
  { scene: Type.String({ minLength: 1, maxLength: SCENE_MAX_LENGTH, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false },
)

/** GET /api/room-codes/:scene: where a scanned code leads, with a token for its sharer. */
export const SceneTargetResponseSchema = Type.Object({
  kind: Type.Union([Type.Literal('room'), Type.Literal('wechat')]),
  /** kind 'room': our room. */
  roomId: Type.Optional(Type.String()),
  /** kind 'wechat': a WeChat live room. */
  wechatRoomId: Type.Optional(Type.Integer()),
  shareToken: Type.String(),
})
export type SceneTargetResponse = Static<typeof SceneTargetResponseSchema>

/** GET /api/client-config: public settings the mini-program reads at run time. */
export const ClientConfigResponseSchema = Type.Object({
  /** The merchant's Channels ID (`sph…`), or null when none is configured. */
  channelsFinderUserName: Type.Union([Type.String(), Type.Null()]),
})
export type ClientConfigResponse = Static<typeof ClientConfigResponseSchema>

/** Admin: GET /api/admin/share-opens?roomId — who brought how many openers to a room. */
export const ShareOpensQuerySchema = Type.Object({ roomId: IdSchema }, { additionalProperties: false })
export const ShareOpensResponseSchema = Type.Object({
  rows: Type.Array(Type.Object({ sharerUserId: Type.String(), openers: Type.Integer({ minimum: 0 }), opens: Type.Integer({ minimum: 0 }) })),
})
export type ShareOpensResponse = Static<typeof ShareOpensResponseSchema>
