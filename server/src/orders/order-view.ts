/** Order rows with their items and refunds, as OrderSchema answers them. */
import type { Kysely } from 'kysely'
import type { Order, Refund } from '../../../miniprogram/contract/order-schemas'
import type { Database, OrderItemsTable, OrdersTable, RefundsTable } from '../db/schema'

export function toRefund(row: RefundsTable): Refund {
  return {
    id: row.id,
    orderId: row.order_id,
    state: row.state,
    amountFen: Number(row.amount_fen),
    reason: row.reason,
    resultMessage: row.result_message,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

const numberOrNull = (v: number | null): number | null => (v === null ? null : Number(v))

export function toOrder(row: OrdersTable, items: OrderItemsTable[], refunds: RefundsTable[], confirmReceiptVia: Order['confirmReceiptVia']): Order {
  return {
    id: row.id,
    state: row.state,
    totalFen: Number(row.total_fen),
    items: items
      .sort((a, b) => Number(a.line) - Number(b.line))
      .map((i) => ({
        skuId: i.sku_id,
        goodsId: i.goods_id,
        title: i.title,
        specText: i.spec_text,
        image: i.image,
        unitPriceFen: Number(i.unit_price_fen),
        quantity: Number(i.quantity),
        subtotalFen: Number(i.subtotal_fen),
      })),
    roomId: row.room_id,
    address: JSON.parse(row.address_json) as Order['address'],
    note: row.note,
    createdAt: Number(row.created_at),
    payDeadline: Number(row.pay_deadline),
    paidAt: numberOrNull(row.paid_at),
    closedAt: numberOrNull(row.closed_at),
    completedAt: numberOrNull(row.completed_at),
    shipment:
      row.express_company !== null && row.tracking_no !== null && row.shipped_at !== null
        ? { expressCompany: row.express_company, trackingNo: row.tracking_no, shippedAt: Number(row.shipped_at) }
        : null,
    refundedFen: Number(row.refunded_fen),
    refunds: refunds.sort((a, b) => Number(a.created_at) - Number(b.created_at) || a.id.localeCompare(b.id)).map(toRefund),
    transactionId: row.transaction_id,
    confirmReceiptVia,
  }
}

/** Orders in the order given, each with its items and refunds (two queries for the whole page). */
export async function ordersWithDetails(db: Kysely<Database>, rows: OrdersTable[], confirmReceiptVia: Order['confirmReceiptVia']): Promise<Order[]> {
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const items = await db.selectFrom('order_items').selectAll().where('order_id', 'in', ids).execute()
  const refunds = await db.selectFrom('refunds').selectAll().where('order_id', 'in', ids).execute()
  return rows.map((r) =>
    toOrder(
      r,
      items.filter((i) => i.order_id === r.id),
      refunds.filter((f) => f.order_id === r.id),
      confirmReceiptVia,
    ),
  )
}

export async function orderById(db: Kysely<Database>, id: string, confirmReceiptVia: Order['confirmReceiptVia']): Promise<Order | undefined> {
  const row = await db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst()
  if (row === undefined) return undefined
  return (await ordersWithDetails(db, [row], confirmReceiptVia))[0]
}
