/**
 * Refunds: the shopper asks (one open refund per order, at most what is left), the merchant
 * approves or rejects. Approving moves the refund requested → processing first, so approving
 * twice calls WeChat Pay once, and the out_refund_no is the refund's own ID, stored before the
 * call and reused on every retry, so WeChat Pay refunds once however often it is asked.
 */
import type { OrderState } from '../../../miniprogram/contract/order-rules'
import type { RefundCreateRequest } from '../../../miniprogram/contract/order-schemas'
import { newId } from '../db/ids'
import type { RefundsTable } from '../db/schema'
import { ApiError, badRequest, notFound } from '../errors'
import { refundThroughGateway } from './gateway-refund'
import type { OrderDeps } from './order-deps'
import { findOrderRow, moveOrder } from './order-store'
import { applyRefundResult } from './refund-apply'

const REFUNDABLE: readonly OrderState[] = ['paid', 'shipped', 'completed', 'partially_refunded']

/** The new refund's ID. */
export async function requestRefund(deps: OrderDeps, userId: string, orderId: string, body: RefundCreateRequest): Promise<string> {
  const order = await findOrderRow(deps.db, orderId)
  if (order === undefined || order.user_id !== userId) throw notFound('order')
  if (order.state === 'refunding') throw new ApiError(409, 'refund_open', 'this order already has a refund in progress', 'id')
  if (!REFUNDABLE.includes(order.state)) throw new ApiError(409, 'not_refundable', `a ${order.state} order cannot be refunded`, 'id')
  const left = Number(order.total_fen) - Number(order.refunded_fen)
  const amount = body.amountFen ?? left
  if (amount > left) throw badRequest('amountFen', `at most ${left} fen is left to refund`)
  const now = deps.nowSeconds()
  const id = newId('rf')
  const row: RefundsTable = {
    id,
    order_id: order.id,
    state: 'requested',
    amount_fen: amount,
    reason: body.reason,
    result_message: null,
    return_state: order.state,
    out_refund_no: id,
    refund_id: null,
    created_at: now,
    updated_at: now,
  }
  const opened = await deps.db.transaction().execute(async (trx) => {
    if (!(await moveOrder(trx, order.id, order.state, 'refunding', now))) return false
    await trx.insertInto('refunds').values(row).execute()
    return true
  })
  if (!opened) throw new ApiError(409, 'refund_open', 'the order changed meanwhile (another refund or a shipment); look at it again', 'id')
  return id
}

async function refundRow(deps: OrderDeps, refundId: string): Promise<RefundsTable> {
  const refund = await deps.db.selectFrom('refunds').selectAll().where('id', '=', refundId).executeTakeFirst()
  if (refund === undefined) throw notFound('refund')
  return refund
}

/** Approves and asks WeChat Pay; an approved refund (processing or done) answers as it is. */
export async function approveRefund(deps: OrderDeps, refundId: string): Promise<RefundsTable> {
  const refund = await refundRow(deps, refundId)
  if (refund.state === 'rejected' || refund.state === 'failed') throw new ApiError(409, 'refund_closed', `the refund is ${refund.state}`, 'id')
  if (refund.state === 'requested') {
    const now = deps.nowSeconds()
    const claimed = await deps.db.updateTable('refunds').set({ state: 'processing', updated_at: now }).where('id', '=', refund.id).where('state', '=', 'requested').executeTakeFirst()
    if (Number(claimed.numUpdatedRows) === 1) await sendRefund(deps, { ...refund, state: 'processing' })
  }
  return refundRow(deps, refundId)
}

/**
 * Calls WeChat Pay for a processing refund (approval, and the sweeper's retries). A retryable
 * failure leaves it processing for the sweeper; a refusal fails it and the order goes back.
 */
export async function sendRefund(deps: OrderDeps, refund: RefundsTable): Promise<void> {
  const order = await findOrderRow(deps.db, refund.order_id)
  if (order === undefined) throw new Error(`refund ${refund.id} names a missing order`)
  const input = { outTradeNo: order.id, outRefundNo: refund.out_refund_no, refundFen: Number(refund.amount_fen), totalFen: Number(order.total_fen), reason: refund.reason.slice(0, 80) }
  const attempt = await refundThroughGateway(deps, input, 'refund request', { refundId: refund.id })
  if (attempt.kind === 'answered') await applyRefundResult(deps, attempt.result)
  else if (attempt.kind === 'refused') await failRefund(deps, refund, attempt.message)
}

async function failRefund(deps: OrderDeps, refund: RefundsTable, message: string): Promise<void> {
  const now = deps.nowSeconds()
  await deps.db.transaction().execute(async (trx) => {
    const moved = await trx.updateTable('refunds').set({ state: 'failed', result_message: message, updated_at: now }).where('id', '=', refund.id).where('state', '=', 'processing').executeTakeFirst()
    if (Number(moved.numUpdatedRows) === 1) await moveOrder(trx, refund.order_id, 'refunding', refund.return_state, now)
  })
}

export async function rejectRefund(deps: OrderDeps, refundId: string, reason: string): Promise<RefundsTable> {
  const refund = await refundRow(deps, refundId)
  const now = deps.nowSeconds()
  const rejected = await deps.db.transaction().execute(async (trx) => {
    const moved = await trx.updateTable('refunds').set({ state: 'rejected', result_message: reason, updated_at: now }).where('id', '=', refund.id).where('state', '=', 'requested').executeTakeFirst()
    if (Number(moved.numUpdatedRows) !== 1) return false
    if (!(await moveOrder(trx, refund.order_id, 'refunding', refund.return_state, now))) throw new Error(`order ${refund.order_id} left refunding while its refund was requested`)
    return true
  })
  if (!rejected) throw new ApiError(409, 'refund_not_open', `the refund is ${(await refundRow(deps, refundId)).state}, no longer waiting for a decision`, 'id')
  return refundRow(deps, refundId)
}
