/** GET /api/admin/sales: paid orders per live room or per sharer, with what was refunded. */
import type { SalesResponse } from '../../../miniprogram/contract/order-schemas'
import type { OrderDeps } from './order-deps'

export async function salesBy(deps: Pick<OrderDeps, 'db'>, by: 'room' | 'sharer'): Promise<SalesResponse> {
  const column = by === 'room' ? 'room_id' : 'sharer_user_id'
  const grouped = await deps.db
    .selectFrom('orders')
    .select((eb) => [
      eb.ref(column).as('key'),
      eb.fn.countAll<number | string>().as('orders'),
      eb.fn.sum<number | string>('total_fen').as('paidFen'),
      eb.fn.sum<number | string>('refunded_fen').as('refundedFen'),
    ])
    .where('paid_at', 'is not', null)
    .where(column, 'is not', null)
    .groupBy(column)
    .execute()
  const keys = grouped.flatMap((g) => (g.key === null ? [] : [g.key]))
  const labels = new Map<string, string>()
  if (keys.length > 0 && by === 'room') {
    for (const r of await deps.db.selectFrom('rooms').select(['id', 'title']).where('id', 'in', keys).execute()) labels.set(r.id, r.title)
  }
  if (keys.length > 0 && by === 'sharer') {
    for (const u of await deps.db.selectFrom('users').select(['id', 'openid']).where('id', 'in', keys).execute()) labels.set(u.id, u.openid)
  }
  const rows = grouped
    .flatMap((g) => (g.key === null ? [] : [{ key: g.key, label: labels.get(g.key) ?? g.key, orders: Number(g.orders), paidFen: Number(g.paidFen), refundedFen: Number(g.refundedFen) }]))
    .sort((a, b) => b.paidFen - a.paidFen || a.key.localeCompare(b.key))
  return { rows }
}
