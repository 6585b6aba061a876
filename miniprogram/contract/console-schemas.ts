/**
 * What the merchant console writes, as TypeBox schemas the console's forms validate with before
 * sending (the server answers the same limits, naming the field, when a form is bypassed).
 * Goods and room fields mirror server/src/goods/goods-routes.ts and rooms-routes.ts.
 */
import { Type, type Static } from '@sinclair/typebox'
import { FenSchema, IdSchema } from './common-schemas'
import { GoodsStatusSchema } from './goods-schemas'
import type { Order } from './order-schemas'

const ImageUrlSchema = Type.String({ minLength: 1, maxLength: 1024, pattern: '^https?://' })

export const GoodsInputSchema = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 60 }),
    images: Type.Array(ImageUrlSchema, { maxItems: 9 }),
    priceFen: FenSchema,
    stock: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    status: GoodsStatusSchema,
  },
  { additionalProperties: false },
)
export type GoodsInput = Static<typeof GoodsInputSchema>

export const ROOM_STATUSES = ['scheduled', 'live', 'ended', 'cancelled'] as const

export const RoomInputSchema = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 60 }),
    cover: Type.String({ maxLength: 1024 }),
    anchorUserId: IdSchema,
    scheduledStart: Type.Integer({ minimum: 0, maximum: 4_102_444_800 }),
    scheduledEnd: Type.Union([Type.Integer({ minimum: 0, maximum: 4_102_444_800 }), Type.Null()]),
    status: Type.Unsafe<(typeof ROOM_STATUSES)[number]>({ type: 'string', enum: [...ROOM_STATUSES] }),
    shelf: Type.Array(IdSchema, { maxItems: 200, uniqueItems: true }),
  },
  { additionalProperties: false },
)
export type RoomInput = Static<typeof RoomInputSchema>

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

export interface StaffSessionResponse {
  staff: { id: string; name: string; role: StaffRole }
  csrfToken: string
  expiresAt: number
}

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
