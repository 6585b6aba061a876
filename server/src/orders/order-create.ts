/**
 * POST /api/orders: prices from the server's SKUs, item snapshots, stock reserved in one
 * transaction (a conditional decrement per SKU; all items or none), `requestId` answering a
 * retried submit with the order it already made, and the sharer credited from a genuine token.
 */
import { specText } from '../../../miniprogram/contract/goods-rules'
import type { OrderCreateRequest } from '../../../miniprogram/contract/order-schemas'
import { AddressesRepo } from '../addresses/addresses-repo'
import type { User } from '../auth/users-repo'
import { newId } from '../db/ids'
import type { OrderItemsTable, OrdersTable } from '../db/schema'
import { ApiError, badRequest } from '../errors'
import { verifyShareToken } from '../shares/share-token'
import { sharerFromOpens } from '../shares/share-opens'
import type { OrderDeps } from './order-deps'
import { announceRoomOrder } from './room-order-events'

const MAX_TOTAL_FEN = 100_000_000

class ReplayedRequest extends Error {}
class SoldOut extends Error {
  constructor(readonly skuId: string) {
    super(`SKU ${skuId} sold out`)
  }
}

/** The order's ID, and whether it was made before (a replayed requestId). */
export async function createOrder(deps: OrderDeps, user: User, body: OrderCreateRequest): Promise<{ orderId: string; replayed: boolean }> {
  const { db } = deps
  const now = deps.nowSeconds()
  const requestId = body.requestId ?? null
  const earlier = async (): Promise<string | undefined> =>
    requestId === null ? undefined : (await db.selectFrom('orders').select('id').where('user_id', '=', user.id).where('request_id', '=', requestId).executeTakeFirst())?.id
  const replay = await earlier()
  if (replay !== undefined) return { orderId: replay, replayed: true }

  const address = await new AddressesRepo(db).find(user.id, body.addressId)
  if (address === undefined) throw badRequest('addressId', 'addressId must be one of your addresses (POST /api/addresses)')
  if (body.roomId !== undefined && (await db.selectFrom('rooms').select('id').where('id', '=', body.roomId).executeTakeFirst()) === undefined) {
    throw badRequest('roomId', `room ${body.roomId} does not exist`)
  }
  const skuIds = body.items.map((i) => i.skuId)
  if (new Set(skuIds).size !== skuIds.length) throw badRequest('items', 'list each SKU once, with its quantity')

  const skus = await db
    .selectFrom('goods_skus')
    .innerJoin('goods', 'goods.id', 'goods_skus.goods_id')
    .select(['goods_skus.id as id', 'goods_skus.goods_id as goodsId', 'goods_skus.spec_values_json as specValues', 'goods_skus.price_fen as priceFen', 'goods_skus.stock as stock', 'goods_skus.image as image', 'goods_skus.limit_per_order as limitPerOrder', 'goods_skus.retired as retired', 'goods.title as title', 'goods.images_json as images', 'goods.status as status'])
    .where('goods_skus.id', 'in', skuIds)
    .execute()
  const orderId = newId('o')
  const items: OrderItemsTable[] = []
  for (const [line, wanted] of body.items.entries()) {
    const sku = skus.find((s) => s.id === wanted.skuId)
    if (sku === undefined) throw badRequest('skuId', `SKU ${wanted.skuId} does not exist`)
    if (Number(sku.retired) !== 0) throw new ApiError(409, 'sku_retired', `SKU ${sku.id} is no longer sold; pick another spec`, 'skuId')
    if (sku.status !== 'on_sale') throw new ApiError(409, 'goods_not_on_sale', `${sku.title} is not on sale`, 'skuId')
    if (sku.limitPerOrder !== null && wanted.quantity > Number(sku.limitPerOrder)) {
      throw new ApiError(409, 'over_limit', `at most ${sku.limitPerOrder} of ${sku.title} per order`, 'quantity')
    }
    if (wanted.quantity > Number(sku.stock)) throw new ApiError(409, 'sold_out', `${sku.title}: only ${sku.stock} left`, 'quantity')
    const unit = Number(sku.priceFen)
    const values = JSON.parse(sku.specValues) as string[]
    items.push({
      order_id: orderId,
      line,
      sku_id: sku.id,
      goods_id: sku.goodsId,
      title: sku.title,
      spec_text: specText(values),
      image: sku.image ?? (JSON.parse(sku.images) as string[])[0] ?? '',
      unit_price_fen: unit,
      quantity: wanted.quantity,
      subtotal_fen: unit * wanted.quantity,
    })
  }
  const total = items.reduce((sum, i) => sum + i.subtotal_fen, 0)
  if (total > MAX_TOTAL_FEN) throw badRequest('items', `an order may total at most ${MAX_TOTAL_FEN} fen`)

  const share = body.shareToken === undefined ? null : verifyShareToken(deps.sessionSecret, body.shareToken, now)
  // A bad or self-made token earns no credit, but never fails the order.
  const tokenSharer = share !== null && share.u !== user.id && (await db.selectFrom('users').select('id').where('id', '=', share.u).executeTakeFirst()) !== undefined ? share.u : null
  // Without a token of its own, the order credits whose share card brought the buyer here.
  const sharer = tokenSharer ?? (share === null ? await sharerFromOpens(db, user.id, body.roomId ?? null, [...new Set(items.map((i) => i.goods_id))], now) : null)

  const { id: _id, createdAt: _createdAt, ...addressSnapshot } = address
  const row: OrdersTable = {
    id: orderId,
    user_id: user.id,
    request_id: requestId,
    state: 'created',
    total_fen: total,
    refunded_fen: 0,
    address_json: JSON.stringify(addressSnapshot),
    note: body.note ?? '',
    room_id: body.roomId ?? share?.r ?? null,
    sharer_user_id: sharer,
    created_at: now,
    pay_deadline: now + deps.payMinutes * 60,
    prepay_id: null,
    prepay_at: null,
    transaction_id: null,
    paid_at: null,
    closed_at: null,
    completed_at: null,
    express_company: null,
    tracking_no: null,
    shipped_at: null,
    updated_at: now,
  }
  // A room named only by the share token may have been deleted since; keep the order, drop the room.
  if (body.roomId === undefined && row.room_id !== null && (await db.selectFrom('rooms').select('id').where('id', '=', row.room_id).executeTakeFirst()) === undefined) row.room_id = null

  try {
    await db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('orders')
        .values(row)
        .onConflict((oc) => oc.columns(['user_id', 'request_id']).doNothing())
        .executeTakeFirst()
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) throw new ReplayedRequest()
      await trx.insertInto('order_items').values(items).execute()
      for (const item of items) {
        const reserved = await trx
          .updateTable('goods_skus')
          .set((eb) => ({ stock: eb('stock', '-', item.quantity) }))
          .where('id', '=', item.sku_id)
          .where('stock', '>=', item.quantity)
          .where('retired', '=', 0)
          // Checked again here, so goods taken off sale meanwhile is not sold.
          .where('goods_id', 'in', trx.selectFrom('goods').select('id').where('status', '=', 'on_sale'))
          .executeTakeFirst()
        if (Number(reserved.numUpdatedRows) !== 1) throw new SoldOut(item.sku_id)
      }
    })
  } catch (err) {
    if (err instanceof ReplayedRequest) {
      const winner = await earlier()
      if (winner !== undefined) return { orderId: winner, replayed: true }
    }
    if (err instanceof SoldOut) throw new ApiError(409, 'sold_out', `SKU ${err.skuId} sold out (or was taken off sale) while ordering`, 'quantity')
    throw err
  }
  if (row.room_id !== null) await announceRoomOrder(deps, orderId, 'created')
  return { orderId, replayed: false }
}
