/**
 * POST /api/orders/:id/payment: prepay under the order's own ID as out_trade_no (the same on
 * every retry), keeping the prepay_id and reusing it while under two hours old, then the signed
 * parameters for wx.requestPayment (or the simulator's).
 */
import type { PaymentParams } from '../../../miniprogram/contract/order-schemas'
import { ApiError, notFound } from '../errors'
import { PaymentProviderError } from '../payments/payment-gateway'
import type { OrderDeps } from './order-deps'
import { paidMeanwhile } from './order-closing'
import { findOrderRow } from './order-store'

/** WeChat Pay's prepay_id lives 2 h; a margin keeps the shopper from paying with one about to lapse. */
const PREPAY_REUSE_SECONDS = 2 * 3600 - 10 * 60

export async function startPayment(deps: OrderDeps, userId: string, orderId: string): Promise<PaymentParams> {
  const order = await findOrderRow(deps.db, orderId)
  if (order === undefined || order.user_id !== userId) throw notFound('order')
  if (order.state !== 'created') throw new ApiError(409, 'not_payable', `the order is ${order.state}`, 'id')
  const now = deps.nowSeconds()
  if (now >= Number(order.pay_deadline)) throw new ApiError(409, 'pay_deadline_passed', 'the time to pay this order has run out', 'id')
  if (order.prepay_id !== null && order.prepay_at !== null && now - Number(order.prepay_at) < PREPAY_REUSE_SECONDS) {
    return deps.gateway.paymentParams(order.prepay_id)
  }
  const payer = await deps.db.selectFrom('users').select('openid').where('id', '=', order.user_id).executeTakeFirstOrThrow()
  const items = await deps.db.selectFrom('order_items').select(['title']).where('order_id', '=', order.id).orderBy('line').execute()
  const description = (items.length > 1 ? `${items[0]?.title ?? '商品'} 等${items.length}件` : (items[0]?.title ?? '商品')).slice(0, 127)
  let prepayId: string
  try {
    ;({ prepayId } = await deps.gateway.prepay({ outTradeNo: order.id, description, totalFen: Number(order.total_fen), payerOpenid: payer.openid, expireAt: Number(order.pay_deadline) }))
  } catch (err) {
    // Paid already (its notification is late): apply it rather than ask the shopper to pay twice.
    if (err instanceof PaymentProviderError && err.code === 'ORDERPAID' && (await paidMeanwhile(deps, order.id))) {
      throw new ApiError(409, 'already_paid', 'the order is paid already', 'id')
    }
    if (err instanceof PaymentProviderError) {
      deps.log.warn({ orderId: order.id, code: err.code, retryable: err.retryable }, 'prepay failed')
      throw new ApiError(err.retryable ? 503 : 502, 'payment_unavailable', `WeChat Pay did not accept the order (${err.code}); try again`, 'id')
    }
    throw err
  }
  const stored = await deps.db.updateTable('orders').set({ prepay_id: prepayId, prepay_at: now, updated_at: now }).where('id', '=', order.id).where('state', '=', 'created').executeTakeFirst()
  if (Number(stored.numUpdatedRows) !== 1) {
    // Closed (cancelled, or its time ran out) while WeChat Pay was creating the prepay: close it
    // there too and hand out nothing to pay with, or the shopper could pay an order whose stock is back on sale.
    await deps.gateway.close(order.id).catch((err: unknown) => deps.log.warn({ err, orderId: order.id }, 'closing a prepay made for an order closed meanwhile failed'))
    const current = await findOrderRow(deps.db, order.id)
    throw new ApiError(409, 'not_payable', `the order is ${current?.state ?? 'gone'}`, 'id')
  }
  return deps.gateway.paymentParams(prepayId)
}
