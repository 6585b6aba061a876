/**
 * The orders a room's live monitor starts from: those placed from the room since its live started,
 * each as the `order` event of its latest change would have left it (refunded, paid, or created),
 * latest change first. A monitor opened or reconnected mid-live so shows the whole live's orders,
 * not only those changed while it watched.
 */
import type { RoomOrderEvent } from '../../../miniprogram/contract/console-schemas'
import type { Order } from '../../../miniprogram/contract/order-schemas'
import { receiptVia, type OrderDeps } from './order-deps'
import { ordersWithDetails } from './order-view'

/** The order's latest change that the monitor announces, and when it happened. */
export function latestRoomOrderChange(order: Order): Pick<RoomOrderEvent, 'change' | 'at'> {
  const refundedAt = order.refunds.filter((r) => r.state === 'succeeded').reduce<number | null>((at, r) => (at === null || r.updatedAt > at ? r.updatedAt : at), null)
  if (order.refundedFen > 0 && refundedAt !== null) return { change: 'refunded', at: refundedAt }
  if (order.paidAt !== null) return { change: 'paid', at: order.paidAt }
  return { change: 'created', at: order.createdAt }
}

export async function roomOrderLines(deps: Pick<OrderDeps, 'db' | 'shipping'>, roomId: string, since: number, limit: number): Promise<RoomOrderEvent[]> {
  const rows = await deps.db
    .selectFrom('orders')
    .selectAll()
    .where('room_id', '=', roomId)
    .where('created_at', '>=', since)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
  const orders = await ordersWithDetails(deps.db, rows, await receiptVia(deps))
  return orders
    .map((order): RoomOrderEvent => ({ type: 'order', order, ...latestRoomOrderChange(order) }))
    .sort((a, b) => b.at - a.at || b.order.id.localeCompare(a.order.id))
}
