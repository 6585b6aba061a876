/**
 * Reading orders and moving them. Every move is ONE conditional UPDATE on the state it leaves
 * (`WHERE id = ? AND state = ?`), allowed only along ORDER_TRANSITIONS; the caller learns whether
 * it won, so two concurrent requests never both move an order.
 */
import type { Kysely } from 'kysely'
import { canMove, type OrderState } from '../../../miniprogram/contract/order-rules'
import type { Database, OrdersTable } from '../db/schema'

export function findOrderRow(db: Kysely<Database>, id: string): Promise<OrdersTable | undefined> {
  return db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst()
}

/** `unprepaid`: move only while the order has no prepay (closing one WeChat Pay has never seen). */
export async function moveOrder(db: Kysely<Database>, id: string, from: OrderState, to: OrderState, now: number, set: Partial<OrdersTable> = {}, unprepaid = false): Promise<boolean> {
  if (!canMove(from, to)) throw new Error(`order ${id}: ${from} → ${to} is not a move of the order state machine`)
  let update = db
    .updateTable('orders')
    .set({ ...set, state: to, updated_at: now })
    .where('id', '=', id)
    .where('state', '=', from)
  if (unprepaid) update = update.where('prepay_id', 'is', null)
  const result = await update.executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Puts an order's reserved units back on their SKUs (in the transaction that closed it). */
export async function returnStock(db: Kysely<Database>, orderId: string): Promise<void> {
  const items = await db.selectFrom('order_items').select(['sku_id', 'quantity']).where('order_id', '=', orderId).execute()
  for (const item of items) {
    await db
      .updateTable('goods_skus')
      .set((eb) => ({ stock: eb('stock', '+', Number(item.quantity)) }))
      .where('id', '=', item.sku_id)
      .execute()
  }
}
