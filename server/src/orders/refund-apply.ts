/**
 * Applies what WeChat Pay says about a refund (its answer, a notification or a query): SUCCESS
 * settles the refund and moves the order to refunded or partially_refunded; CLOSED or ABNORMAL
 * fails it and returns the order to where it was; PROCESSING waits. Each step is conditional on
 * the refund still processing, so a refund settles once however often it is reported.
 */
import type { RefundResult } from '../payments/payment-gateway'
import type { OrderDeps } from './order-deps'
import { findOrderRow, moveOrder } from './order-store'
import { settleAnomalyRefund } from './payment-anomalies'
import { announceRoomOrder } from './room-order-events'

export type RefundOutcome = 'succeeded' | 'failed' | 'processing' | 'already_settled' | 'unknown_refund'

export async function applyRefundResult(deps: OrderDeps, result: RefundResult): Promise<RefundOutcome> {
  const refund = await deps.db.selectFrom('refunds').selectAll().where('out_refund_no', '=', result.outRefundNo).executeTakeFirst()
  if (refund === undefined) {
    // An anomaly's refund (payment-anomalies.ts) uses the anomaly's ID as out_refund_no.
    const anomaly = await settleAnomalyRefund(deps, result)
    if (anomaly !== undefined) return anomaly === 'refunded' ? 'succeeded' : anomaly === 'refund_failed' ? 'failed' : anomaly === 'refunding' ? 'processing' : 'already_settled'
    deps.log.error({ outRefundNo: result.outRefundNo }, 'refund result for a refund we do not have')
    return 'unknown_refund'
  }
  if (result.status === 'PROCESSING') return 'processing'
  const now = deps.nowSeconds()
  const succeeded = result.status === 'SUCCESS'
  const outcome = await deps.db.transaction().execute(async (trx): Promise<RefundOutcome> => {
    const moved = await trx
      .updateTable('refunds')
      .set({
        state: succeeded ? 'succeeded' : 'failed',
        refund_id: result.refundId,
        result_message: succeeded ? null : `WeChat Pay answered ${result.status}`,
        updated_at: now,
      })
      .where('id', '=', refund.id)
      .where('state', '=', 'processing')
      .executeTakeFirst()
    if (Number(moved.numUpdatedRows) !== 1) return 'already_settled'
    const order = await findOrderRow(trx, refund.order_id)
    if (order === undefined) throw new Error(`refund ${refund.id} names a missing order`)
    if (!succeeded) {
      if (!(await moveOrder(trx, order.id, 'refunding', refund.return_state, now))) throw new Error(`order ${order.id} left refunding while its refund was processing`)
      return 'failed'
    }
    const refundedFen = Number(order.refunded_fen) + Number(refund.amount_fen)
    const to = refundedFen >= Number(order.total_fen) ? 'refunded' : 'partially_refunded'
    if (!(await moveOrder(trx, order.id, 'refunding', to, now, { refunded_fen: refundedFen }))) throw new Error(`order ${order.id} left refunding while its refund was processing`)
    return 'succeeded'
  })
  // After the commit, so the monitor never shows a refund that rolled back.
  if (outcome === 'succeeded') await announceRoomOrder(deps, refund.order_id, 'refunded')
  return outcome
}
