/** Addresses, orders, payment and refunds: the routes of buying (docs/server.md lists them). */
import { Type, type Static } from '@sinclair/typebox'
import { FenSchema, IdSchema, PagingQueryProperties, UnixSecondsSchema } from './common-schemas'
import { ORDER_RULES, ORDER_STATES, REFUND_STATES, type OrderState, type RefundState } from './order-rules'
import { PAYMENT_ANOMALY_KINDS, PAYMENT_ANOMALY_STATES, type PaymentAnomalyKind, type PaymentAnomalyState } from './payment-anomaly-rules'
import { stringEnum } from './string-enum'

export const OrderStateSchema = stringEnum<OrderState>(ORDER_STATES)
export const RefundStateSchema = stringEnum<RefundState>(REFUND_STATES)

/** A delivery address as wx.chooseAddress gives it, kept per user. */
export const AddressInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 50 }),
    phone: Type.String({ minLength: 5, maxLength: 20, pattern: '^[0-9+\\- ]+$' }),
    province: Type.String({ minLength: 1, maxLength: 50 }),
    city: Type.String({ minLength: 1, maxLength: 50 }),
    district: Type.String({ maxLength: 50 }),
    detail: Type.String({ minLength: 1, maxLength: 200 }),
    postalCode: Type.Optional(Type.String({ maxLength: 10, pattern: '^[0-9]*$' })),
  },
  { additionalProperties: false },
)
export type AddressInput = Static<typeof AddressInputSchema>

export const AddressSchema = Type.Composite([
  Type.Object({ id: IdSchema, createdAt: UnixSecondsSchema }),
  Type.Object({
    name: Type.String(),
    phone: Type.String(),
    province: Type.String(),
    city: Type.String(),
    district: Type.String(),
    detail: Type.String(),
    postalCode: Type.String(),
  }),
])
export type Address = Static<typeof AddressSchema>
export const AddressResponseSchema = Type.Object({ address: AddressSchema })
export const AddressListResponseSchema = Type.Object({ addresses: Type.Array(AddressSchema) })
export type AddressListResponse = Static<typeof AddressListResponseSchema>

export const OrderItemSchema = Type.Object({
  skuId: IdSchema,
  goodsId: IdSchema,
  title: Type.String(),
  /** 红色 / M; empty for a goods without specs. */
  specText: Type.String(),
  image: Type.String(),
  unitPriceFen: FenSchema,
  quantity: Type.Integer({ minimum: 1 }),
  subtotalFen: FenSchema,
})
export type OrderItem = Static<typeof OrderItemSchema>

export const RefundSchema = Type.Object({
  id: IdSchema,
  orderId: IdSchema,
  state: RefundStateSchema,
  amountFen: FenSchema,
  reason: Type.String(),
  /** Why the merchant refused, or what WeChat Pay answered when it failed. */
  resultMessage: Type.Union([Type.String(), Type.Null()]),
  createdAt: UnixSecondsSchema,
  updatedAt: UnixSecondsSchema,
})
export type Refund = Static<typeof RefundSchema>

export const ShipmentSchema = Type.Object({
  expressCompany: Type.String(),
  trackingNo: Type.String(),
  shippedAt: UnixSecondsSchema,
})

export const OrderSchema = Type.Object({
  id: IdSchema,
  state: OrderStateSchema,
  /** What the shopper pays: the sum of the items, computed by the server. */
  totalFen: FenSchema,
  items: Type.Array(OrderItemSchema),
  /** The live room it was bought from, if any. */
  roomId: Type.Union([IdSchema, Type.Null()]),
  address: Type.Omit(AddressSchema, ['id', 'createdAt']),
  note: Type.String(),
  createdAt: UnixSecondsSchema,
  /** An unpaid order closes at this time and its stock returns. */
  payDeadline: UnixSecondsSchema,
  paidAt: Type.Union([UnixSecondsSchema, Type.Null()]),
  closedAt: Type.Union([UnixSecondsSchema, Type.Null()]),
  completedAt: Type.Union([UnixSecondsSchema, Type.Null()]),
  shipment: Type.Union([ShipmentSchema, Type.Null()]),
  refundedFen: FenSchema,
  refunds: Type.Array(RefundSchema),
  /** WeChat Pay's transaction ID once paid (wx.openBusinessView 'weappOrderConfirm' takes it). */
  transactionId: Type.Union([Type.String(), Type.Null()]),
  /**
   * How the shopper confirms receipt: 'wechat' where the account is trade-managed (the
   * weappOrderConfirm view, then POST /api/orders/:id/confirm-receipt), 'merchant' otherwise (our own button).
   */
  confirmReceiptVia: Type.Union([Type.Literal('wechat'), Type.Literal('merchant')]),
})
export type Order = Static<typeof OrderSchema>

export const OrderResponseSchema = Type.Object({ order: OrderSchema })
export type OrderResponse = Static<typeof OrderResponseSchema>
export const OrderListResponseSchema = Type.Object({ orders: Type.Array(OrderSchema), total: Type.Integer({ minimum: 0 }) })
export type OrderListResponse = Static<typeof OrderListResponseSchema>

/** POST /api/orders. Prices come from the server's SKUs; `requestId` makes a retried submit answer the same order. */
export const OrderCreateRequestSchema = Type.Object(
  {
    items: Type.Array(
      Type.Object({ skuId: IdSchema, quantity: Type.Integer({ minimum: 1, maximum: ORDER_RULES.maxQuantityPerItem }) }, { additionalProperties: false }),
      { minItems: 1, maxItems: ORDER_RULES.maxItems },
    ),
    addressId: IdSchema,
    roomId: Type.Optional(IdSchema),
    shareToken: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
    note: Type.Optional(Type.String({ maxLength: ORDER_RULES.noteMaxLength })),
    requestId: Type.Optional(Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })),
  },
  { additionalProperties: false },
)
export type OrderCreateRequest = Static<typeof OrderCreateRequestSchema>

export const OrderListQuerySchema = Type.Object(
  {
    state: Type.Optional(Type.Union([OrderStateSchema, Type.Literal('after_sale')])),
    ...PagingQueryProperties,
  },
  { additionalProperties: false },
)
export type OrderListQuery = Static<typeof OrderListQuerySchema>

/** Admin: GET /api/admin/orders. `from`/`to` are Unix seconds on createdAt. */
export const AdminOrderListQuerySchema = Type.Object(
  {
    state: Type.Optional(Type.Union([OrderStateSchema, Type.Literal('after_sale')])),
    roomId: Type.Optional(IdSchema),
    from: Type.Optional(Type.Integer({ minimum: 0, maximum: 4_102_444_800 })),
    to: Type.Optional(Type.Integer({ minimum: 0, maximum: 4_102_444_800 })),
    ...PagingQueryProperties,
  },
  { additionalProperties: false },
)
export type AdminOrderListQuery = Static<typeof AdminOrderListQuerySchema>

/**
 * POST /api/orders/:id/payment. `mode: 'wechatpay'`: pass the rest to wx.requestPayment.
 * `mode: 'simulator'` (the server runs without WeChat Pay): show a 模拟支付 confirm, then
 * POST /api/dev/payments/:orderId/simulate.
 */
export const PaymentParamsSchema = Type.Object({
  mode: Type.Union([Type.Literal('wechatpay'), Type.Literal('simulator')]),
  timeStamp: Type.String(),
  nonceStr: Type.String(),
  package: Type.String(),
  signType: Type.Literal('RSA'),
  paySign: Type.String(),
})
export type PaymentParams = Static<typeof PaymentParamsSchema>

/** POST /api/dev/payments/:orderId/simulate (exists only without WeChat Pay). */
export const PaymentSimulateRequestSchema = Type.Object(
  { result: Type.Union([Type.Literal('success'), Type.Literal('cancel')]) },
  { additionalProperties: false },
)
export type PaymentSimulateRequest = Static<typeof PaymentSimulateRequestSchema>

/** POST /api/orders/:id/refunds; amountFen defaults to everything not yet refunded. */
export const RefundCreateRequestSchema = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: ORDER_RULES.refundReasonMaxLength }),
    amountFen: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000 })),
  },
  { additionalProperties: false },
)
export type RefundCreateRequest = Static<typeof RefundCreateRequestSchema>

export const RefundResponseSchema = Type.Object({ refund: RefundSchema, order: OrderSchema })
export type RefundResponse = Static<typeof RefundResponseSchema>

export const RefundRejectRequestSchema = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: ORDER_RULES.refundReasonMaxLength }) },
  { additionalProperties: false },
)

/** POST /api/orders/:id/ship (admin). */
export const ShipRequestSchema = Type.Object(
  {
    /** WeChat's express company code (get_delivery_list), e.g. SF, YTO, ZTO. */
    expressCompany: Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_]+$' }),
    trackingNo: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' }),
  },
  { additionalProperties: false },
)
export type ShipRequest = Static<typeof ShipRequestSchema>

/** POST /api/shares {roomId?, goodsId?, wechatRoomId?} → a token the share card carries; orders from it credit the sharer. */
export const ShareTokenRequestSchema = Type.Object(
  { roomId: Type.Optional(IdSchema), goodsId: Type.Optional(IdSchema), wechatRoomId: Type.Optional(Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991 })) },
  { additionalProperties: false, minProperties: 1 },
)
export const ShareTokenResponseSchema = Type.Object({ shareToken: Type.String() })
export type ShareTokenResponse = Static<typeof ShareTokenResponseSchema>

/** Admin: GET /api/admin/sales?by=room|sharer — paid orders, net of refunds. */
export const SalesRowSchema = Type.Object({
  key: Type.String(),
  label: Type.String(),
  orders: Type.Integer({ minimum: 0 }),
  paidFen: FenSchema,
  refundedFen: FenSchema,
})
export const SalesResponseSchema = Type.Object({ rows: Type.Array(SalesRowSchema) })
export type SalesResponse = Static<typeof SalesResponseSchema>

/** Admin: GET /api/admin/sales?by=room|sharer. */
export const SalesQuerySchema = Type.Object(
  { by: Type.Union([Type.Literal('room'), Type.Literal('sharer')]) },
  { additionalProperties: false },
)
export type SalesQuery = Static<typeof SalesQuerySchema>

/** GET /api/admin/payment-anomalies: money taken for orders that could not take it, newest first. */
export const PaymentAnomalySchema = Type.Object({
  id: IdSchema,
  kind: stringEnum<PaymentAnomalyKind>(PAYMENT_ANOMALY_KINDS),
  state: stringEnum<PaymentAnomalyState>(PAYMENT_ANOMALY_STATES),
  outTradeNo: Type.String(),
  transactionId: Type.String(),
  /** Null when the transaction names an order we do not have. */
  orderId: Type.Union([IdSchema, Type.Null()]),
  amountFen: FenSchema,
  refundId: Type.Union([Type.String(), Type.Null()]),
  message: Type.Union([Type.String(), Type.Null()]),
  createdAt: UnixSecondsSchema,
  updatedAt: UnixSecondsSchema,
})
export type PaymentAnomaly = Static<typeof PaymentAnomalySchema>
export const PaymentAnomalyListQuerySchema = Type.Object(
  { state: Type.Optional(stringEnum<PaymentAnomalyState>(PAYMENT_ANOMALY_STATES)), ...PagingQueryProperties },
  { additionalProperties: false },
)
export const PaymentAnomalyListResponseSchema = Type.Object({ anomalies: Type.Array(PaymentAnomalySchema), total: Type.Integer({ minimum: 0 }) })
export type PaymentAnomalyListResponse = Static<typeof PaymentAnomalyListResponseSchema>
