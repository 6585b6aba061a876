/**
 * The order and refund state machines as both sides read them, and what each shopper tab holds.
 * It imports only code-labels.ts, which has no imports: the mini-program loads both at run time.
 * The server moves orders only along ORDER_TRANSITIONS, each move a conditional update on the
 * state it leaves.
 */
import { codesOf } from './code-labels'

export const ORDER_STATES = ['created', 'paid', 'shipped', 'completed', 'closed', 'refunding', 'refunded', 'partially_refunded'] as const
export type OrderState = (typeof ORDER_STATES)[number]

/** Every allowed move: from → the states it may go to. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderState, readonly OrderState[]>> = {
  created: ['paid', 'closed'],
  paid: ['shipped', 'refunding'],
  shipped: ['completed', 'refunding'],
  completed: ['refunding'],
  // A refund that is rejected or fails returns the order to where it was (recorded on the refund).
  refunding: ['refunded', 'partially_refunded', 'paid', 'shipped', 'completed'],
  // What was not refunded can still be shipped, received or refunded.
  partially_refunded: ['shipped', 'completed', 'refunding'],
  refunded: [],
  closed: [],
}

export function canMove(from: OrderState, to: OrderState): boolean {
  return ORDER_TRANSITIONS[from].includes(to)
}

export const ORDER_STATE_LABELS: Readonly<Record<OrderState, string>> = {
  created: '待付款',
  paid: '待发货',
  shipped: '待收货',
  completed: '已完成',
  closed: '已关闭',
  refunding: '退款中',
  refunded: '已退款',
  partially_refunded: '部分退款',
}

/** 我的订单 tabs; `after_sale` is also accepted as `GET /api/orders?state=after_sale`. */
export const ORDER_TABS = [
  { key: 'created', label: '待付款', states: ['created'] },
  { key: 'paid', label: '待发货', states: ['paid'] },
  { key: 'shipped', label: '待收货', states: ['shipped'] },
  { key: 'completed', label: '已完成', states: ['completed'] },
  { key: 'after_sale', label: '售后', states: ['refunding', 'refunded', 'partially_refunded'] },
] as const satisfies ReadonlyArray<{ key: string; label: string; states: readonly OrderState[] }>
export type OrderTabKey = (typeof ORDER_TABS)[number]['key']

export const REFUND_STATE_LABELS = { requested: '待商家处理', rejected: '商家已拒绝', processing: '退款处理中', succeeded: '退款成功', failed: '退款失败' } as const
export type RefundState = keyof typeof REFUND_STATE_LABELS
export const REFUND_STATES = codesOf(REFUND_STATE_LABELS)

export const ORDER_RULES = {
  /** Line items in one order. */
  maxItems: 20,
  maxQuantityPerItem: 999,
  noteMaxLength: 200,
  refundReasonMaxLength: 80,
  /** Default minutes to pay before an unpaid order closes (server: ORDER_PAY_MINUTES). */
  defaultPayMinutes: 15,
} as const

/** The shopper's own rule for the quantity stepper: at most stock, at most the SKU's per-order limit. */
export function maxQuantity(stock: number, limitPerOrder: number | null): number {
  const cap = Math.min(stock, ORDER_RULES.maxQuantityPerItem)
  return limitPerOrder === null ? cap : Math.min(cap, limitPerOrder)
}

