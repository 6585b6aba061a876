/**
 * Closing an unpaid order (the shopper cancels, or the time to pay ran out): WeChat Pay first,
 * so the shopper can no longer pay it, then created → closed with the stock returned in the same
 * transaction. A payment that got in first wins: it is applied instead of closing.
 */
import type { OrdersTable } from '../db/schema'
import { PaymentProviderError } from '../payments/payment-gateway'
import type { OrderDeps } from './order-deps'
import { findOrderRow, moveOrder, returnStock } from './order-store'
import { applyTransaction } from './payment-apply'

export type CloseOutcome = 'closed' | 'paid' | 'not_open'

export async function closeUnpaidOrder(deps: OrderDeps, orderId: string, attempt = 0): Promise<CloseOutcome> {
  const order = await findOrderRow(deps.db, orderId)
  if (order === undefined || order.state !== 'created') return 'not_open'
  if (order.prepay_id !== null) {
    // Only an order WeChat Pay has seen can be paid, so only such an order needs closing there.
    const paid = await paidMeanwhile(deps, order.id)
    if (paid) return 'paid'
    try {
      await deps.gateway.close(order.id)
    } catch (err) {
      if (err instanceof PaymentProviderError && err.code === 'ORDERPAID') {
        const outcome = await applyTransaction(deps, await deps.gateway.query(order.id))
        if (outcome === 'paid' || outcome === 'already_paid') return 'paid'
        // Paid at WeChat Pay with what cannot pay this order (kept as a payment anomaly for a
        // person): it can be neither paid nor closed there, so it closes here and frees its stock.
      } else {
        throw err
      }
    }
  }
  return closeHere(deps, order, attempt)
}

/** created → closed with the stock returned, in one transaction. */
async function closeHere(deps: OrderDeps, order: OrdersTable, attempt: number): Promise<CloseOutcome> {
  const now = deps.nowSeconds()
  const closed = await deps.db.transaction().execute(async (trx) => {
    // Not closed at WeChat Pay because it had no prepay: close here only if it still has none,
    // or a prepay made meanwhile could be paid for an order already closed.
    if (!(await moveOrder(trx, order.id, 'created', 'closed', now, { closed_at: now }, order.prepay_id === null))) return false
    await returnStock(trx, order.id)
    return true
  })
  if (closed) return 'closed'
  const current = await findOrderRow(deps.db, order.id)
  if (current?.state === 'created' && order.prepay_id === null && current.prepay_id !== null && attempt === 0) {
    // A prepay arrived between the read and the close: close it at WeChat Pay first, once more.
    return closeUnpaidOrder(deps, order.id, 1)
  }
  return current?.state === 'paid' ? 'paid' : 'not_open'
}

/** Asks WeChat Pay whether the order was paid (its notification may be late or lost) and applies it. */
export async function paidMeanwhile(deps: OrderDeps, orderId: string): Promise<boolean> {
  try {
    const tx = await deps.gateway.query(orderId)
    if (tx.tradeState !== 'SUCCESS') return false
    const outcome = await applyTransaction(deps, tx)
    return outcome === 'paid' || outcome === 'already_paid'
  } catch (err) {
    if (err instanceof PaymentProviderError && !err.retryable) return false
    throw err
  }
}
