/**
 * Goods and their SKUs. A goods' price range and stock are always computed from its live
 * (not retired) SKUs, so the list, the shelf and the detail page cannot disagree.
 */
import type { Kysely } from 'kysely'
import type { Goods, GoodsDetail, GoodsStatus, Sku, SpecDimension } from '../../../miniprogram/contract/goods-schemas'
import { newId } from '../db/ids'
import type { Database, GoodsSkusTable, GoodsTable } from '../db/schema'

export interface GoodsInput {
  title: string
  images: string[]
  priceFen: number
  stock: number
  status: GoodsStatus
}

export type GoodsPatch = Partial<GoodsInput>

export function toSku(row: GoodsSkusTable): Sku {
  return {
    id: row.id,
    goodsId: row.goods_id,
    specValues: JSON.parse(row.spec_values_json) as string[],
    priceFen: Number(row.price_fen),
    stock: Number(row.stock),
    image: row.image,
    limitPerOrder: row.limit_per_order === null ? null : Number(row.limit_per_order),
  }
}

export function toGoods(row: GoodsTable, skus: readonly GoodsSkusTable[]): Goods {
  const live = skus.filter((s) => Number(s.retired) === 0)
  const prices = live.map((s) => Number(s.price_fen))
  return {
    id: row.id,
    title: row.title,
    images: JSON.parse(row.images_json) as string[],
    priceFen: prices.length === 0 ? 0 : Math.min(...prices),
    priceMaxFen: prices.length === 0 ? 0 : Math.max(...prices),
    stock: live.reduce((sum, s) => sum + Number(s.stock), 0),
    status: row.status,
    specs: JSON.parse(row.specs_json) as SpecDimension[],
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

export class GoodsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** A goods without specs: one default SKU carries its price and stock. */
  async create(input: GoodsInput, now: number): Promise<Goods> {
    const row: GoodsTable = {
      id: newId('g'),
      title: input.title,
      images_json: JSON.stringify(input.images),
      specs_json: '[]',
      status: input.status,
      created_at: now,
      updated_at: now,
    }
    const sku: GoodsSkusTable = {
      id: newId('sku'),
      goods_id: row.id,
      spec_values_json: '[]',
      price_fen: input.priceFen,
      stock: input.stock,
      image: null,
      limit_per_order: null,
      retired: 0,
      sort: 0,
      created_at: now,
      updated_at: now,
    }
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('goods').values(row).execute()
      await trx.insertInto('goods_skus').values(sku).execute()
    })
    return toGoods(row, [sku])
  }

  async find(id: string): Promise<Goods | undefined> {
    return (await this.findMany([id]))[0]
  }

  async findDetail(id: string): Promise<GoodsDetail | undefined> {
    const row = await this.db.selectFrom('goods').selectAll().where('id', '=', id).executeTakeFirst()
    if (row === undefined) return undefined
    const skus = await this.skuRows([id])
    return { ...toGoods(row, skus), skus: skus.filter((s) => Number(s.retired) === 0).map(toSku) }
  }

  /** Goods by ID in the order asked for; unknown IDs are left out. */
  async findMany(ids: string[]): Promise<Goods[]> {
    if (ids.length === 0) return []
    const rows = await this.db.selectFrom('goods').selectAll().where('id', 'in', ids).execute()
    const byId = await this.withSkus(rows)
    return ids.flatMap((id) => byId.get(id) ?? [])
  }

  async list(filter: { statuses: GoodsStatus[]; offset: number; limit: number }): Promise<{ goods: Goods[]; total: number }> {
    const base = this.db.selectFrom('goods').where('status', 'in', filter.statuses)
    const rows = await base.selectAll().orderBy('created_at', 'desc').orderBy('id').offset(filter.offset).limit(filter.limit).execute()
    const count = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()
    const byId = await this.withSkus(rows)
    return { goods: rows.flatMap((r) => byId.get(r.id) ?? []), total: Number(count.n) }
  }

  /**
   * Title, images and status on the goods; price and stock on its default SKU. The caller refuses
   * price and stock for goods with specs (they belong to each SKU, PUT /api/goods/:id/skus).
   */
  async update(id: string, patch: GoodsPatch, now: number): Promise<Goods | undefined> {
    const set: Partial<GoodsTable> = { updated_at: now }
    if (patch.title !== undefined) set.title = patch.title
    if (patch.images !== undefined) set.images_json = JSON.stringify(patch.images)
    if (patch.status !== undefined) set.status = patch.status
    const found = await this.db.transaction().execute(async (trx) => {
      const result = await trx.updateTable('goods').set(set).where('id', '=', id).executeTakeFirst()
      if (Number(result.numUpdatedRows) === 0) return false
      const skuSet: Partial<GoodsSkusTable> = { updated_at: now }
      if (patch.priceFen !== undefined) skuSet.price_fen = patch.priceFen
      if (patch.stock !== undefined) skuSet.stock = patch.stock
      if (patch.priceFen !== undefined || patch.stock !== undefined) {
        await trx.updateTable('goods_skus').set(skuSet).where('goods_id', '=', id).where('retired', '=', 0).where('spec_values_json', '=', '[]').execute()
      }
      return true
    })
    return found ? this.find(id) : undefined
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('goods').where('id', '=', id).executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }

  /** Whether an order names the goods (order items keep naming its SKUs, so it must stay). */
  async hasOrders(id: string): Promise<boolean> {
    return (await this.db.selectFrom('order_items').select('order_id').where('goods_id', '=', id).executeTakeFirst()) !== undefined
  }

  /** Every SKU of the goods, retired ones included, in display order. */
  skuRows(goodsIds: string[]): Promise<GoodsSkusTable[]> {
    if (goodsIds.length === 0) return Promise.resolve([])
    return this.db.selectFrom('goods_skus').selectAll().where('goods_id', 'in', goodsIds).orderBy('sort').orderBy('id').execute()
  }

  private async withSkus(rows: GoodsTable[]): Promise<Map<string, Goods>> {
    const skus = await this.skuRows(rows.map((r) => r.id))
    return new Map(rows.map((r) => [r.id, toGoods(r, skus.filter((s) => s.goods_id === r.id))]))
  }
}
