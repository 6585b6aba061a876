/**
 * The shapes of the merchant server's routes, for the mini-program's own imports. They are defined
 * once in `contract/` (types and JSON schemas from one source); type-only, since TypeBox is not in
 * the mini-program package.
 */
export type { ErrorBody as ApiErrorBody } from '../contract/common-schemas'
export type { UserRole } from '../contract/user-rules'
export type { LoginResponse, MeResponse } from '../contract/user-schemas'
export type { ZegoTokenResponse } from '../contract/zego-schemas'
export type { Goods, GoodsStatus, GoodsListResponse, GoodsDetailResponse } from '../contract/goods-schemas'
export type { ReplaySegment, ReplayExplain, RoomReplay, RoomReplaysResponse, ExplainReportResponse } from '../contract/replay-schemas'
export type { Room, RoomStatus, RoomLiveStatus, RoomListResponse, RoomDetailResponse, RoomStatusRequest, RoomReminderResponse } from '../contract/room-schemas'
export type {
  CacheFreshness,
  WechatLiveGoods,
  WechatLiveReplay,
  WechatLiveReplaysResponse,
  WechatLiveRoom,
  WechatLiveRoomsResponse,
} from '../contract/wechat-live-schemas'
export type { LiveComment, LiveCommentListResponse, LiveCommentRequest, LiveCommentResponse } from '../contract/comment-schemas'
export type { HealthResponse } from '../contract/health-schemas'
