/** Everything route modules need, built once in app.ts. */
import type { Config } from '../config'
import type { CachedAnswers } from './cached-answers'
import type { DatabaseHandle } from '../db/database'
import type { GoodsRepo } from '../goods/goods-repo'
import type { RoomsRepo } from '../rooms/rooms-repo'
import type { UsersRepo } from '../auth/users-repo'
import type { SharedStore } from '../shared-store/shared-store'
import type { WechatHttp } from '../wechat/wechat-http'
import type { LiveRoomsService } from '../wechat/live-rooms'
import type { CommentModerator } from '../comments/comment-moderation'
import type { ZegoServerApi } from '../zego/server-api'
import type { RemindersRepo } from '../reminders/reminders-repo'
import type { ReminderDispatcher } from '../reminders/reminder-dispatcher'
import type { StaffRepo } from '../staff/staff-repo'
import type { RoomEventBus } from '../console/room-events'
import type { OrderDeps } from '../orders/order-deps'
import type { OrderSweeper } from '../orders/order-sweeper'
import type { PaymentGateway } from '../payments/payment-gateway'

export interface AppContext {
  config: Config
  database: DatabaseHandle
  store: SharedStore
  /** Prepared answers of the public room and goods lists, dropped on every write to their tables. */
  cachedAnswers: CachedAnswers
  users: UsersRepo
  goods: GoodsRepo
  rooms: RoomsRepo
  reminders: RemindersRepo
  /** Sends a room's pending reminders when it goes live (after the caller has answered). */
  reminderDispatcher: ReminderDispatcher
  wechatHttp: WechatHttp
  /** null in dev mode (no WeChat credentials). */
  liveRooms: LiveRoomsService | null
  /** WeChat msg_sec_check, or a pass-through that says so in dev mode. */
  commentModerator: CommentModerator
  zegoServerApi: ZegoServerApi
  /** Console accounts and their web sessions. */
  staff: StaffRepo
  /** Room events for the console's live monitor (SSE). */
  roomEvents: RoomEventBus
  nowMs: () => number
  randomBytes: (size: number) => Buffer
  /** The orders domain's dependencies, its sweeper and the payment provider (tests drive them). */
  buying: { deps: OrderDeps; sweeper: OrderSweeper; gateway: PaymentGateway }
}

export const nowSecondsOf = (ctx: AppContext): number => Math.floor(ctx.nowMs() / 1000)
