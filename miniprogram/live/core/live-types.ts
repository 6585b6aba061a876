/**
 * The shapes of live-room state the UI shows. They mirror the ZEGO SDK's own unions (checked against
 * the SDK typings in live/services/zego/sdk-types.ts) so that stores and pages never import the SDK.
 */
import type { GoodsStatus } from '../../core/api-types'

export type RoomConnection = 'DISCONNECTED' | 'CONNECTING' | 'CONNECTED'

/** `roomStateChanged` reasons, plus NONE before the first event. */
export type RoomReason =
  | 'NONE'
  | 'LOGINING'
  | 'LOGINED'
  | 'LOGIN_FAILED'
  | 'RECONNECTING'
  | 'RECONNECTED'
  | 'RECONNECT_FAILED'
  | 'KICKOUT'
  | 'LOGOUT'
  | 'LOGOUT_FAILED'

export type PublishState = 'NO_PUBLISH' | 'PUBLISH_REQUESTING' | 'PUBLISHING'
export type PlayState = 'NO_PLAY' | 'PLAY_REQUESTING' | 'PLAYING'

/** Network quality reduced to what a person can act on; `unknown` until the first sample. */
export type QualityLevel = 'unknown' | 'good' | 'fair' | 'poor'

export type LiveRole = 'anchor' | 'viewer'

export interface RoomSnapshot {
  readonly id: string
  readonly state: RoomConnection
  readonly reason: RoomReason
  readonly errorCode: number
}

export interface PublishSnapshot {
  readonly streamID: string
  readonly state: PublishState
  readonly errorCode: number
  readonly quality: QualityLevel
}

export interface PlaySnapshot {
  readonly streamID: string
  readonly state: PlayState
  readonly errorCode: number
  readonly quality: QualityLevel
}

export interface RoomStream {
  readonly streamID: string
  readonly userID: string
}

/** What the server told us about the room (GET /api/rooms/:id). */
export interface RoomInfo {
  readonly id: string
  readonly title: string
  readonly cover: string
  readonly streamId: string
  readonly anchorUserId: string
  readonly status: 'scheduled' | 'live' | 'ended' | 'cancelled'
  /**
   * The room's shelf in shelf order. Optional because room providers that predate goods (test
   * doubles, older callers) answer without it; absent means an empty shelf.
   */
  readonly shelfGoods?: readonly ShelfGoods[]
}

/** One goods item of a room's shelf, as the live pages need it (prices stay in fen). */
export interface ShelfGoods {
  readonly id: string
  readonly title: string
  /** The first image, '' when the goods has none. */
  readonly image: string
  readonly priceFen: number
  readonly stock: number
  readonly status: GoodsStatus
}

/** Camera / microphone / WeChat version check (`checkSystemRequirements`). */
export type PermissionState = 'unknown' | 'checking' | 'granted' | 'denied' | 'outdated'

/** Failures that the service reports and the UI explains; each has a way to retry. */
export type LiveFailureKind =
  | 'server'
  | 'login'
  | 'disconnected'
  | 'token-renew'
  | 'token-expired'
  | 'kicked-elsewhere'
  | 'kicked-by-server'
  | 'publish'
  | 'play'
  | 'not-anchor'
  | 'no-room'

export interface LiveFailure {
  readonly kind: LiveFailureKind
  readonly code: number
  readonly message: string
}
