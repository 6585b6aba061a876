/**
 * Money WeChat Pay took for an order that cannot take it. Verified transactions that fail the
 * order's checks are never applied to the order; they are kept here once per transaction (a
 * unique key on out_trade_no + transaction_id, so repeated notifications and queries record once).
 * A payment for an order already closed is ours and unambiguous: it is refunded in full at once,
 * the anomaly's own ID being the out_refund_no, stored before WeChat Pay is called and reused by
 * the sweeper's retries, so the shopper is refunded exactly once. A transaction that cannot be
 * reconciled with an order of ours (another amount, another merchant, an unknown order) is not
 * ours to settle by rule: it waits for a person in the console (GET /api/admin/payment-anomalies).
 */
import type { PaymentAnomalyKind } from '../../../miniprogram/contract/payment-anomaly-rules'
import type { PaymentAnomaly } from '../../../miniprogram/contract/order-schemas'
import { newId } from '../db/ids'
import type { PaymentAnomaliesTable } from '../db/schema'
import type { RefundResult, Transaction } from '../payments/payment-gateway'
import { refundThroughGateway } from './gateway-refund'
import type { OrderDeps } from './order-deps'

/** The kind whose money went to our merchant account for an order of ours, as ordered: refunded at once. */
const REFUNDABLE: readonly PaymentAnomalyKind[] = ['paid_after_close']
const REFUND_REASON = '订单已关闭，款项原路退回'

export type AnomalyOutcome = 'refunding' | 'refunded' | 'refund_failed' | 'needs_attention' | 'already_recorded'

/** Records a SUCCESS transaction that could not pay its order, then refunds it when it can. */
export async function recordPaymentAnomaly(deps: OrderDeps, kind: PaymentAnomalyKind, tx: Transaction, orderId: string | null, message: string): Promise<AnomalyOutcome> {
  const now = deps.nowSeconds()
  const row: PaymentAnomaliesTable = {
    id: newId('pa'),
    kind,
    out_trade_no: tx.outTradeNo,
    transaction_id: tx.transactionId ?? '',
    order_id: orderId,
    amount_fen: tx.totalFen,
    state: REFUNDABLE.includes(kind) ? 'refunding' : 'needs_attention',
    refund_id: null,
    message,
    created_at: now,
    updated_at: now,
  }
  const inserted = await deps.db
    .insertInto('payment_anomalies')
    .values(row)
    .onConflict((oc) => oc.columns(['out_trade_no', 'transaction_id']).doNothing())
    .executeTakeFirst()
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return 'already_recorded'
  deps.log.error({ anomalyId: row.id, kind, outTradeNo: tx.outTradeNo, transactionId: tx.transactionId, amountFen: tx.totalFen }, `payment anomaly kept: ${message}`)
  if (row.state !== 'refunding') return 'needs_attention'
  return sendAnomalyRefund(deps, row)
}

/** Asks WeChat Pay to refund the whole transaction; a retryable failure is left to the sweeper. */
export async function sendAnomalyRefund(deps: OrderDeps, anomaly: PaymentAnomaliesTable): Promise<AnomalyOutcome> {
  const input = { outTradeNo: anomaly.out_trade_no, outRefundNo: anomaly.id, refundFen: Number(anomaly.amount_fen), totalFen: Number(anomaly.amount_fen), reason: REFUND_REASON }
  const attempt = await refundThroughGateway(deps, input, 'anomaly refund', { anomalyId: anomaly.id })
  if (attempt.kind === 'retry_later') return 'refunding'
  if (attempt.kind === 'refused') {
    await finish(deps, anomaly.id, 'refund_failed', null, attempt.message)
    return 'refund_failed'
  }
  return (await settleAnomalyRefund(deps, attempt.result)) ?? 'refunding'
}

/**
 * Applies a refund result whose out_refund_no is an anomaly's (its answer, a notification or a
 * query); undefined when it is not one. Conditional on the anomaly still refunding, so it settles once.
 */
export async function settleAnomalyRefund(deps: OrderDeps, result: RefundResult): Promise<AnomalyOutcome | undefined> {
  const anomaly = await deps.db.selectFrom('payment_anomalies').selectAll().where('id', '=', result.outRefundNo).executeTakeFirst()
  if (anomaly === undefined) return undefined
  if (result.status === 'PROCESSING') return anomaly.state === 'refunding' ? 'refunding' : 'already_recorded'
  const succeeded = result.status === 'SUCCESS'
  const moved = await finish(deps, anomaly.id, succeeded ? 'refunded' : 'refund_failed', result.refundId, succeeded ? anomaly.message : `WeChat Pay answered ${result.status}`)
  if (!moved) return 'already_recorded'
  return succeeded ? 'refunded' : 'refund_failed'
}

async function finish(deps: OrderDeps, id: string, state: 'refunded' | 'refund_failed', refundId: string | null, message: string | null): Promise<boolean> {
  const moved = await deps.db
    .updateTable('payment_anomalies')
    .set({ state, refund_id: refundId, message, updated_at: deps.nowSeconds() })
    .where('id', '=', id)
    .where('state', '=', 'refunding')
    .executeTakeFirst()
  return Number(moved.numUpdatedRows) === 1
}

/** Anomaly refunds with no final answer, oldest first, for the sweeper. */
export function unsettledAnomalies(deps: OrderDeps, quietSince: number, limit: number): Promise<PaymentAnomaliesTable[]> {
  return deps.db.selectFrom('payment_anomalies').selectAll().where('state', '=', 'refunding').where('updated_at', '<=', quietSince).orderBy('updated_at').limit(limit).execute()
}

export function toPaymentAnomaly(row: PaymentAnomaliesTable): PaymentAnomaly {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    outTradeNo: row.out_trade_no,
    transactionId: row.transaction_id,
    orderId: row.order_id,
    amountFen: Number(row.amount_fen),
    refundId: row.refund_id,
    message: row.message,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}
