/** The monitor's list of orders from its room: newest change first, one line per order, capped. */
import { MONITOR_ORDERS_MAX, ROOM_ORDER_CHANGE_LABELS, type RoomOrderChange, type RoomOrderEvent } from '@contract/console-schemas'
import type { Order } from '@contract/order-schemas'
import { fenToYuan } from './format'

export interface RoomOrderLine {
  order: Order
  change: RoomOrderChange
  at: number
}

export const ROOM_ORDER_LINES_MAX = MONITOR_ORDERS_MAX

/** The lines a snapshot starts from (its orders come latest change first, as the lines are kept). */
export function roomOrderLinesOf(events: readonly RoomOrderEvent[]): RoomOrderLine[] {
  return events.slice(0, ROOM_ORDER_LINES_MAX).map((e) => ({ order: e.order, change: e.change, at: e.at }))
}

/** The list after `event`: the order's line moves to the top with its latest state. */
export function applyRoomOrderEvent(lines: readonly RoomOrderLine[], event: RoomOrderEvent): RoomOrderLine[] {
  const line: RoomOrderLine = { order: event.order, change: event.change, at: event.at }
  return [line, ...lines.filter((l) => l.order.id !== event.order.id)].slice(0, ROOM_ORDER_LINES_MAX)
}

/** What the merchant reads: the change and the amount in yuan (refunds say how much went back). */
export function roomOrderSummary(line: RoomOrderLine): string {
  const total = `¥${fenToYuan(line.order.totalFen)}`
  const label = ROOM_ORDER_CHANGE_LABELS[line.change]
  if (line.change === 'refunded') return `${label} ¥${fenToYuan(line.order.refundedFen)} / ${total}`
  return `${label} ${total}`
}

/** Paid minus refunded, over the lines held: this live's orders (up to ROOM_ORDER_LINES_MAX of them). */
export function seenNetFen(lines: readonly RoomOrderLine[]): number {
  return lines.reduce((sum, l) => sum + (l.order.paidAt === null ? 0 : l.order.totalFen - l.order.refundedFen), 0)
}
