/** WeChat's own live rooms (live-player-plugin) as the server's cache answers them. Times are Unix seconds. */
import { Type, type Static, type TUnsafe } from '@sinclair/typebox'
import { stringEnum } from './string-enum'
import { WECHAT_LIVE_CATEGORIES, WECHAT_LIVE_STATUSES, type WechatLiveCategory, type WechatLiveStatus } from './wechat-live-status'

const WechatLiveStatusSchema: TUnsafe<WechatLiveStatus> = Type.Unsafe<WechatLiveStatus>({ type: 'integer', enum: [...WECHAT_LIVE_STATUSES] })

export const WechatLiveGoodsSchema = Type.Object({
  goodsId: Type.Union([Type.Integer(), Type.Null()]),
  name: Type.String(),
  coverImg: Type.String(),
  url: Type.String(),
  priceType: Type.Integer(),
  /** WeChat sends yuan; converted to fen. */
  priceFen: Type.Integer(),
  price2Fen: Type.Integer(),
})
export type WechatLiveGoods = Static<typeof WechatLiveGoodsSchema>

export const WechatLiveRoomSchema = Type.Object({
  roomId: Type.Integer(),
  name: Type.String(),
  coverImg: Type.String(),
  shareImg: Type.String(),
  liveStatus: Type.Union([WechatLiveStatusSchema, Type.Null()]),
  category: stringEnum<WechatLiveCategory>(WECHAT_LIVE_CATEGORIES),
  statusLabel: Type.String(),
  startTime: Type.Integer(),
  endTime: Type.Integer(),
  anchorName: Type.String(),
  goods: Type.Array(WechatLiveGoodsSchema),
})
export type WechatLiveRoom = Static<typeof WechatLiveRoomSchema>

/** How fresh cached upstream data is. `stale` is true when the last refresh failed or was skipped. */
export const CacheFreshnessProperties = {
  /** Unix seconds of the upstream answer the data came from. */
  fetchedAt: Type.Integer(),
  ageSeconds: Type.Integer(),
  stale: Type.Boolean(),
}
export const CacheFreshnessSchema = Type.Object(CacheFreshnessProperties)
export type CacheFreshness = Static<typeof CacheFreshnessSchema>

/** GET /api/wechat-live/rooms */
export const WechatLiveRoomsQuerySchema = Type.Object(
  {
    start: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, default: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
)

export const WechatLiveRoomsResponseSchema = Type.Object({ rooms: Type.Array(WechatLiveRoomSchema), total: Type.Integer({ minimum: 0 }), ...CacheFreshnessProperties })
export type WechatLiveRoomsResponse = Static<typeof WechatLiveRoomsResponseSchema>

export const WechatLiveReplaySchema = Type.Object({ mediaUrl: Type.String(), createTime: Type.Integer(), expireTime: Type.Integer() })
export type WechatLiveReplay = Static<typeof WechatLiveReplaySchema>

/** GET /api/wechat-live/rooms/:roomId/replays */
export const WechatLiveReplaysParamsSchema = Type.Object({ roomId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) })

export const WechatLiveReplaysResponseSchema = Type.Object({ replays: Type.Array(WechatLiveReplaySchema), total: Type.Integer({ minimum: 0 }), ...CacheFreshnessProperties })
export type WechatLiveReplaysResponse = Static<typeof WechatLiveReplaysResponseSchema>
