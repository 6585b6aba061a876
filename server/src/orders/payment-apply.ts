/**
 * The one function that applies a verified Transaction (from a notification, a query or the pay
 * simulator) to its order: appid, mchid, out_trade_no and amount.total must match; only SUCCESS
 * pays; created → paid is a conditional update, so repeats and concurrent deliveries pay once.
 * A SUCCESS that cannot pay its order (another merchant's, an unknown order, another amount, an
 * order already closed) is kept as a payment anomaly and, where it can be, refunded in full.
 */
import type { Transaction, VerifiedNotification } from '../payments/payment-gateway'
import type { OrderDeps } from './order-deps'
import { findOrderRow, moveOrder } from './order-store'
import { recordPaymentAnomaly } from './payment-anomalies'
import { applyRefundResult } from './refund-apply'
import { announceRoomOrder } from './room-order-events'

export type ApplyOutcome = 'paid' | 'already_paid' | 'not_paid' | 'mismatch' | 'unknown_order' | 'closed'

export async function applyTransaction(deps: OrderDeps, tx: Transaction): Promise<ApplyOutcome> {
  const log = deps.log.child({ outTradeNo: tx.outTradeNo, tradeState: tx.tradeState })
  const success = tx.tradeState === 'SUCCESS'
  if (tx.appid !== deps.gateway.appId || tx.mchid !== deps.gateway.mchId) {
    log.error({ appid: tx.appid, mchid: tx.mchid }, 'transaction names another appid or mchid; not applied')
    if (success) await recordPaymentAnomaly(deps, 'foreign_merchant', tx, null, `appid ${tx.appid} / mchid ${tx.mchid} are not this merchant's`)
    return 'mismatch'
  }
  const order = await findOrderRow(deps.db, tx.outTradeNo)
  if (order === undefined) {
    log.error('transaction for an order we do not have; not applied')
    if (success) await recordPaymentAnomaly(deps, 'unknown_order', tx, null, 'no order of ours has this out_trade_no')
    return 'unknown_order'
  }
  if (tx.totalFen !== Number(order.total_fen)) {
    log.error({ totalFen: tx.totalFen, orderTotalFen: Number(order.total_fen) }, 'transaction amount differs from the order; not marked paid')
    if (success) await recordPaymentAnomaly(deps, 'amount_mismatch', tx, order.id, `paid ${tx.totalFen} fen for an order of ${Number(order.total_fen)} fen`)
    return 'mismatch'
  }
  if (!success) return 'not_paid'
  const now = deps.nowSeconds()
  if (await moveOrder(deps.db, order.id, 'created', 'paid', now, { paid_at: now, transaction_id: tx.transactionId })) {
    log.info({ transactionId: tx.transactionId }, 'order paid')
    if (order.room_id !== null) await announceRoomOrder(deps, order.id, 'paid')
    return 'paid'
  }
  const current = await findOrderRow(deps.db, order.id)
  if (current?.state === 'closed') {
    // The stock is back on sale and the shopper was told the order closed: return the money.
    await recordPaymentAnomaly(deps, 'paid_after_close', tx, order.id, 'payment arrived for an order already closed; refunded in full')
    return 'closed'
  }
  return 'already_paid'
}

export type NotificationOutcome = { duplicate: true } | { duplicate: false; outcome: string }

/**
 * A verified notification, applied once: its id is stored unique first, so a repeated or
 * concurrent delivery of the same id is answered without applying again. If applying fails the
 * id is released, so WeChat Pay's retry (after our 5xx) applies it.
 */
export async function handleVerifiedNotification(deps: OrderDeps, notification: VerifiedNotification): Promise<NotificationOutcome> {
  const inserted = await deps.db
    .insertInto('payment_notifications')
    .values({ id: notification.id, event_type: notification.eventType, received_at: deps.nowSeconds() })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst()
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return { duplicate: true }
  try {
    const outcome = notification.kind === 'transaction' ? await applyTransaction(deps, notification.transaction) : await applyRefundResult(deps, notification.refund)
    return { duplicate: false, outcome }
  } catch (err) {
    await deps.db.deleteFrom('payment_notifications').where('id', '=', notification.id).execute()
    throw err
  }
}
