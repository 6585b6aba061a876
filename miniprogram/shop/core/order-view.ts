/**
 * What 我的订单, the order page and the result page show of an order, pure: labels from the
 * contract, money through core/money.ts, and which actions the order's state allows now. Totals
 * are the server's (`totalFen`); nothing here adds prices up.
 */
import type { Order } from '../../contract/order-schemas'
import { ORDER_STATE_LABELS, REFUND_STATE_LABELS, type OrderState } from '../../contract/order-rules'
import { priceLabel } from '../../core/money'

export interface OrderLineView {
  key: string
  title: string
  spec: string
  image: string
  price: string
  quantity: number
}

export interface RefundView {
  id: string
  stateLabel: string
  amount: string
  reason: string
  resultMessage: string
}

export interface OrderCard {
  id: string
  stateLabel: string
  title: string
  image: string
  count: string
  total: string
}

export interface OrderView extends OrderCard {
  state: OrderState
  lines: OrderLineView[]
  addressWho: string
  addressWhere: string
  note: string
  shipment: string
  refunded: string
  refunds: RefundView[]
  canPay: boolean
  canCancel: boolean
  canConfirm: boolean
  canRefund: boolean
  /** Our own 确认收货 button, or WeChat's confirmation view (trade-managed accounts). */
  confirmViaWechat: boolean
}

const REFUNDABLE: readonly OrderState[] = ['paid', 'shipped', 'completed', 'partially_refunded']

/** mm:ss left to pay, '' once the deadline has passed. */
export function countdownText(deadline: number, now: number): string {
  const left = deadline - now
  if (left <= 0) return ''
  const minutes = Math.floor(left / 60)
  const seconds = left % 60
  return `${minutes}:${seconds < 10 ? '0' : ''}${seconds}`
}

export function orderCard(order: Order): OrderCard {
  const first = order.items[0]
  const units = order.items.reduce((n, item) => n + item.quantity, 0)
  return {
    id: order.id,
    stateLabel: ORDER_STATE_LABELS[order.state],
    title: first ? (order.items.length > 1 ? `${first.title} 等 ${order.items.length} 件商品` : first.title) : '订单',
    image: first?.image ?? '',
    count: `共 ${units} 件`,
    total: priceLabel(order.totalFen),
  }
}

export function orderView(order: Order, now: number): OrderView {
  const refundOpen = order.refunds.some((r) => r.state === 'requested' || r.state === 'processing')
  return {
    ...orderCard(order),
    state: order.state,
    lines: order.items.map((item) => ({
      key: `${item.skuId}`,
      title: item.title,
      spec: item.specText,
      image: item.image,
      price: priceLabel(item.unitPriceFen),
      quantity: item.quantity,
    })),
    addressWho: `${order.address.name} ${order.address.phone}`,
    addressWhere: `${order.address.province}${order.address.city}${order.address.district}${order.address.detail}`,
    note: order.note,
    shipment: order.shipment ? `${order.shipment.expressCompany} ${order.shipment.trackingNo}` : '',
    refunded: order.refundedFen > 0 ? priceLabel(order.refundedFen) : '',
    refunds: order.refunds.map((r) => ({
      id: r.id,
      stateLabel: REFUND_STATE_LABELS[r.state],
      amount: priceLabel(r.amountFen),
      reason: r.reason,
      resultMessage: r.resultMessage ?? '',
    })),
    canPay: order.state === 'created' && now < order.payDeadline,
    canCancel: order.state === 'created',
    canConfirm: order.state === 'shipped',
    canRefund: REFUNDABLE.includes(order.state) && order.refundedFen < order.totalFen && !refundOpen,
    confirmViaWechat: order.confirmReceiptVia === 'wechat' && Boolean(order.transactionId),
  }
}
