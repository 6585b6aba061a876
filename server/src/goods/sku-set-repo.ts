/**
 * Replaces a goods' specs and SKU set in one transaction. Kept SKUs are updated in place, new ones
 * inserted, and those left out retired (never deleted: orders name them).
 */
import type { Kysely } from 'kysely'
import type { SkusPutRequest } from '../../../miniprogram/contract/goods-schemas'
import { newId } from '../db/ids'
import type { Database, GoodsSkusTable } from '../db/schema'

export async function replaceSkuSet(db: Kysely<Database>, goodsId: string, request: SkusPutRequest, now: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('goods').set({ specs_json: JSON.stringify(request.specs), updated_at: now }).where('id', '=', goodsId).execute()
    const kept = new Set<string>()
    for (const [sort, sku] of request.skus.entries()) {
      const fields = {
        spec_values_json: JSON.stringify(sku.specValues),
        price_fen: sku.priceFen,
        stock: sku.stock,
        image: sku.image ?? null,
        limit_per_order: sku.limitPerOrder ?? null,
        retired: 0,
        sort,
        updated_at: now,
      }
      if (sku.id !== undefined) {
        kept.add(sku.id)
        await trx.updateTable('goods_skus').set(fields).where('id', '=', sku.id).where('goods_id', '=', goodsId).execute()
      } else {
        const row: GoodsSkusTable = { id: newId('sku'), goods_id: goodsId, created_at: now, ...fields }
        kept.add(row.id)
        await trx.insertInto('goods_skus').values(row).execute()
      }
    }
    let retire = trx.updateTable('goods_skus').set({ retired: 1, updated_at: now }).where('goods_id', '=', goodsId).where('retired', '=', 0)
    if (kept.size > 0) retire = retire.where('id', 'not in', [...kept])
    await retire.execute()
  })
}
