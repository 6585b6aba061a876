/**
 * What the merchant console writes, as TypeBox schemas the console's forms validate with before
 * sending (the server answers the same limits, naming the field, when a form is bypassed).
 * Goods and room fields are the ones the server's routes validate with (goods-schemas.ts, room-schemas.ts).
 */
import { Type, type Static } from '@sinclair/typebox'
import { IdSchema, UnixSecondsSchema } from './common-schemas'
import type { Order } from './order-schemas'
import type { RoomDetailResponse } from './room-schemas'
import type { LiveComment } from './comment-schemas'
import { stringEnum } from './string-enum'

export { GoodsInputSchema, type GoodsInput } from './goods-schemas'
export { ROOM_STATUSES, RoomInputSchema, type RoomInput } from './room-schemas'

/** POST /api/admin/staff/sign-in */
export const StaffSignInSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[A-Za-z0-9_.-]{3,32}$' }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
)
export type StaffSignIn = Static<typeof StaffSignInSchema>

export const STAFF_ROLES = ['admin', 'operator'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]

/** The console's rule of who may do what (the server enforces it: server/src/staff/staff-permissions.ts). */
export const STAFF_ROLE_LABELS: Readonly<Record<StaffRole, string>> = {
  admin: '管理员：全部功能，含用户与退款审批',
  operator: '运营：商品、直播间、监控、订单与发货',
}

/** POST /api/admin/staff/sign-in and GET /api/admin/staff/me. */
export const StaffSessionResponseSchema = Type.Object({
  staff: Type.Object({ id: Type.String(), name: Type.String(), role: stringEnum<StaffRole>(STAFF_ROLES) }),
  csrfToken: Type.String(),
  expiresAt: UnixSecondsSchema,
})
export type StaffSessionResponse = Static<typeof StaffSessionResponseSchema>

/** POST /api/admin/uploads (201): where the uploaded image is served. */
export const UploadResponseSchema = Type.Object({ url: Type.String() })
export type UploadResponse = Static<typeof UploadResponseSchema>

/** DELETE /api/admin/rooms/:id/comments/:commentId */
export const RoomCommentParamsSchema = Type.Object({ id: IdSchema, commentId: Type.String({ minLength: 1, maxLength: 128 }) })

/** The longest mute: a week. */
export const MUTE_MAX_MINUTES = 7 * 24 * 60

/** PUT /api/admin/rooms/:id/mutes/:userId: their comments answer 403 muted until then. */
export const RoomMuteParamsSchema = Type.Object({ id: IdSchema, userId: IdSchema })
export const RoomMuteRequestSchema = Type.Object({ minutes: Type.Integer({ minimum: 1, maximum: MUTE_MAX_MINUTES }) }, { additionalProperties: false })
export type RoomMuteRequest = Static<typeof RoomMuteRequestSchema>
export const RoomMuteResponseSchema = Type.Object({ userId: Type.String(), until: UnixSecondsSchema })
export type RoomMuteResponse = Static<typeof RoomMuteResponseSchema>

/** How an order placed from a room changed, as the live monitor's `order` event says. */
export const ROOM_ORDER_CHANGES = ['created', 'paid', 'refunded'] as const
export type RoomOrderChange = (typeof ROOM_ORDER_CHANGES)[number]

export const ROOM_ORDER_CHANGE_LABELS: Readonly<Record<RoomOrderChange, string>> = { created: '下单', paid: '已支付', refunded: '已退款' }

/** The monitor's SSE `order` event: the order as it stands after `change`. */
export interface RoomOrderEvent {
  type: 'order'
  change: RoomOrderChange
  order: Order
  /** Unix seconds of the change, on the server's clock. */
  at: number
}

/** How many of a room's orders the monitor holds; its snapshot sends at most this many. */
export const MONITOR_ORDERS_MAX = 100

/**
 * The monitor's SSE `snapshot`, first on every (re)connection and replacing all the monitor holds:
 * the room and its shelf, its recent comments, and the orders placed from it since its live
 * started (all of them before it first went live), as `order` events would have left them, the
 * latest change first.
 */
export interface MonitorSnapshot extends RoomDetailResponse {
  comments: LiveComment[]
  /** The room's like total; `likes` events bring each new one. */
  likes: number
  orders: RoomOrderEvent[]
}
