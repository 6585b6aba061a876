/** Everything route modules need, built once in app.ts. */
import type { FastifyBaseLogger } from 'fastify'
import type { Room } from '../../../miniprogram/contract/room-schemas'
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
import type { OnlineCounts } from '../zego/online-counts'
import type { ImageStore } from '../storage/image-store'
import type { RemindersRepo } from '../reminders/reminders-repo'
import type { ReminderDispatcher } from '../reminders/reminder-dispatcher'
import type { StaffRepo } from '../staff/staff-repo'
import type { RoomEventBus } from '../console/room-events'
import type { OrderDeps } from '../orders/order-deps'
import type { OrderSweeper } from '../orders/order-sweeper'
import type { PaymentGateway } from '../payments/payment-gateway'
import type { LiveRecorder } from '../replays/live-recorder'
import type { RecordingSweeper } from '../replays/recording-sweeper'
import type { LikesBroadcaster } from '../likes/likes-broadcaster'
import type { CommentBroadcaster } from '../comments/comment-broadcaster'
import type { LikesRepo } from '../likes/likes-repo'

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
  /** Rooms' online counts from ZEGO, cached and rate-limited across instances. */
  onlineCounts: OnlineCounts
  /** Console accounts and their web sessions. */
  staff: StaffRepo
  /** Where console uploads are stored (object storage or the local disk). */
  imageStore: ImageStore
  /** Room events for the console's live monitor (SSE). */
  roomEvents: RoomEventBus
  nowMs: () => number
  randomBytes: (size: number) => Buffer
  /** The orders domain's dependencies, its sweeper and the payment provider (tests drive them). */
  buying: { deps: OrderDeps; sweeper: OrderSweeper; gateway: PaymentGateway }
  /** Rooms' like totals and their announcements to the room (tests wait on `broadcaster.idle()`). */
  likes: { repo: LikesRepo; broadcaster: LikesBroadcaster }
  /** Accepted live comments on their way to the rooms in batches (tests move the clock, then wait on `idle()`). */
  commentBroadcaster: CommentBroadcaster
  /** Live sessions and their cloud recording (replays/); status writers tell it when a room goes live or ends. */
  recorder: LiveRecorder
  recordingSweeper: RecordingSweeper
}

/** Tells the recorder about a status change; its failure is logged, never the status change's. */
export async function recordLiveChange(ctx: AppContext, room: Room, cause: 'anchor' | 'stream', log: FastifyBaseLogger): Promise<void> {
  try {
    if (room.status === 'live') await ctx.recorder.roomWentLive(room)
    else if (room.status === 'ended') await ctx.recorder.roomEnded(room, cause)
  } catch (err) {
    log.error({ err, roomId: room.id }, 'the live session could not be recorded')
  }
}

export const nowSecondsOf = (ctx: AppContext): number => Math.floor(ctx.nowMs() / 1000)
