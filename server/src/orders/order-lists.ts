/** The shopper's orders by tab, and the console's orders by state, room and time. */
import type { Order } from '../../../miniprogram/contract/order-schemas'
import { ORDER_TABS, type OrderState } from '../../../miniprogram/contract/order-rules'
import type { OrderDeps } from './order-deps'
import { receiptVia } from './order-deps'
import { ordersWithDetails } from './order-view'

export interface OrderFilter {
  userId?: string
  state?: OrderState | 'after_sale'
  roomId?: string
  from?: number
  to?: number
  offset?: number
  limit?: number
}

const statesOf = (state: OrderState | 'after_sale'): OrderState[] => {
  if (state !== 'after_sale') return [state]
  return [...(ORDER_TABS.find((t) => t.key === 'after_sale')?.states ?? [])]
}

export async function listOrders(deps: OrderDeps, filter: OrderFilter): Promise<{ orders: Order[]; total: number }> {
  let base = deps.db.selectFrom('orders')
  if (filter.userId !== undefined) base = base.where('user_id', '=', filter.userId)
  if (filter.state !== undefined) base = base.where('state', 'in', statesOf(filter.state))
  if (filter.roomId !== undefined) base = base.where('room_id', '=', filter.roomId)
  if (filter.from !== undefined) base = base.where('created_at', '>=', filter.from)
  if (filter.to !== undefined) base = base.where('created_at', '<', filter.to)
  const rows = await base
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .offset(filter.offset ?? 0)
    .limit(filter.limit ?? 20)
    .execute()
  const count = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()
  return { orders: await ordersWithDetails(deps.db, rows, await receiptVia(deps)), total: Number(count.n) }
}
