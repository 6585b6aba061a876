/**
 * Response bodies of the merchant server routes the mini-program calls. Pure types, shared by the
 * server (which produces them) and the mini-program (which consumes them).
 */
import type { Goods } from '../contract/goods-schemas'
import type { WechatLiveCategory, WechatLiveStatus } from './wechat-live-status'

export type UserRole = 'shopper' | 'anchor' | 'admin'

/** Every 4xx/5xx answer. `field` names the offending input when there is one. */
export interface ApiErrorBody {
  error: string
  message: string
  field?: string
}

/** POST /api/auth/login */
export interface LoginResponse { token: string; user: { id: string; openid: string; role: 'shopper' | 'anchor' | 'admin' } }

/** GET /api/me */
export interface MeResponse {
  user: { id: string; openid: string; role: UserRole }
}

/** POST /api/zego/token — expiresAt is Unix seconds. */
export interface ZegoTokenResponse { appId: number; userId: string; token: string; expiresAt: number }

/** Goods shapes come from the commerce contract (type-only: TypeBox is not in the package). */
export type { Goods, GoodsStatus, GoodsListResponse, GoodsDetailResponse } from '../contract/goods-schemas'

export type RoomStatus = 'scheduled' | 'live' | 'ended' | 'cancelled'

/** A live room on ZEGO. Times are Unix seconds. */
export interface Room {
  id: string
  title: string
  cover: string
  anchorUserId: string
  /** Derived by the server from the room and anchor IDs; the only stream the anchor may publish. */
  streamId: string
  scheduledStart: number
  scheduledEnd: number | null
  status: RoomStatus
  /** Ordered goods IDs. */
  shelf: string[]
  createdAt: number
  updatedAt: number
  /** When the anchor last went live; null if they never reported it. */
  liveStartedAt: number | null
  /** When that live ended; null while live or before the first live. */
  liveEndedAt: number | null
}

/** GET /api/rooms */
export interface RoomListResponse {
  rooms: Room[]
  total: number
}

/** GET /api/rooms/:id — the room plus the goods of its shelf, in shelf order. */
export interface RoomDetailResponse {
  room: Room
  shelfGoods: Goods[]
}

/** What the anchor's console reports about its own room. */
export type RoomLiveStatus = Extract<RoomStatus, 'live' | 'ended'>

/** POST /api/rooms/:id/status (answered with a RoomDetailResponse). */
export interface RoomStatusRequest {
  status: RoomLiveStatus
}

/** POST /api/rooms/:id/reminders and GET /api/rooms/:id/reminders/me: a reminder is still to be sent. */
export interface RoomReminderResponse {
  reminded: boolean
}

export interface WechatLiveGoods {
  goodsId: number | null
  name: string
  coverImg: string
  url: string
  priceType: number
  /** WeChat sends yuan; converted to fen. */
  priceFen: number
  price2Fen: number
}

/** A room of WeChat's own live product (live-player-plugin). Times are Unix seconds. */
export interface WechatLiveRoom {
  roomId: number
  name: string
  coverImg: string
  shareImg: string
  liveStatus: WechatLiveStatus | null
  category: WechatLiveCategory
  statusLabel: string
  startTime: number
  endTime: number
  anchorName: string
  goods: WechatLiveGoods[]
}

/** How fresh cached upstream data is. `stale` is true when the last refresh failed or was skipped. */
export interface CacheFreshness {
  /** Unix seconds of the upstream answer the data came from. */
  fetchedAt: number
  ageSeconds: number
  stale: boolean
}

/** GET /api/wechat-live/rooms */
export interface WechatLiveRoomsResponse extends CacheFreshness {
  rooms: WechatLiveRoom[]
  total: number
}

export interface WechatLiveReplay {
  mediaUrl: string
  createTime: number
  expireTime: number
}

/** GET /api/wechat-live/rooms/:roomId/replays */
export interface WechatLiveReplaysResponse extends CacheFreshness {
  replays: WechatLiveReplay[]
  total: number
}

/** POST /api/rooms/:id/comments */
export interface LiveCommentRequest {
  text: string
}

/**
 * A live comment that passed WeChat's content check and was broadcast to the room through ZEGO.
 * ZEGO does not deliver a message back to its sender, so the sender's client shows this answer.
 */
export interface LiveComment {
  /** ZEGO's MessageId. */
  id: string
  roomId: string
  userId: string
  /** Display name: 主播 for the room's anchor, 观众 + the last 4 characters of the user ID otherwise. */
  nickname: string
  /** As delivered: trimmed. */
  text: string
  /** Unix seconds. */
  sentAt: number
}

/** POST /api/rooms/:id/comments (201) */
export interface LiveCommentResponse {
  comment: LiveComment
}

/** GET /api/rooms/:id/comments: the room's newest delivered comments, oldest first. */
export interface LiveCommentListResponse {
  comments: LiveComment[]
}

/** GET /healthz */
export interface HealthResponse {
  ok: boolean
  devMode: boolean
  notice?: string
  database: 'sqlite' | 'postgres'
  sharedStore: 'memory' | 'redis'
  /** 'simulator' when WeChat Pay is not configured (payments go through the dev simulate route). */
  payments: 'wechatpay' | 'simulator'
}
