/**
 * Orders placed from a live room are announced to that room's monitor as they are created, paid
 * and refunded. The announcement runs after the change is committed and never fails the change:
 * a monitor that misses one still finds the order in the orders list.
 */
import type { RoomOrderChange, RoomOrderEvent } from '../../../miniprogram/contract/console-schemas'
import { receiptVia, type OrderDeps } from './order-deps'
import { orderById } from './order-view'

export type RoomOrderPublisher = (roomId: string, event: RoomOrderEvent) => void

export async function announceRoomOrder(deps: OrderDeps, orderId: string, change: RoomOrderChange): Promise<void> {
  const publish = deps.publishRoomOrder
  if (publish === undefined) return
  try {
    const order = await orderById(deps.db, orderId, await receiptVia(deps))
    if (order === undefined || order.roomId === null) return
    publish(order.roomId, { type: 'order', change, order, at: deps.nowSeconds() })
  } catch (err) {
    deps.log.warn({ err, orderId, change }, 'could not announce the order to its room monitor')
  }
}
