import type { Kysely } from 'kysely'
import type { Goods, GoodsStatus } from '../../../miniprogram/core/api-types'
import { newId } from '../db/ids'
import type { Database, GoodsTable } from '../db/schema'

export interface GoodsInput {
  title: string
  images: string[]
  priceFen: number
  stock: number
  status: GoodsStatus
}

export function toGoods(row: GoodsTable): Goods {
  return {
    id: row.id,
    title: row.title,
    images: JSON.parse(row.images_json) as string[],
    priceFen: row.price_fen,
    stock: row.stock,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

export class GoodsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async create(input: GoodsInput, now: number): Promise<Goods> {
    const row: GoodsTable = {
      id: newId('g'),
      title: input.title,
      images_json: JSON.stringify(input.images),
      price_fen: input.priceFen,
      stock: input.stock,
      status: input.status,
      created_at: now,
      updated_at: now,
    }
    await this.db.insertInto('goods').values(row).execute()
    return toGoods(row)
  }

  async find(id: string): Promise<Goods | undefined> {
    const row = await this.db.selectFrom('goods').selectAll().where('id', '=', id).executeTakeFirst()
    return row === undefined ? undefined : toGoods(row)
  }

  /** Goods by ID in the order asked for; unknown IDs are left out. */
  async findMany(ids: string[]): Promise<Goods[]> {
    if (ids.length === 0) return []
    const rows = await this.db.selectFrom('goods').selectAll().where('id', 'in', ids).execute()
    const byId = new Map(rows.map((r) => [r.id, toGoods(r)]))
    return ids.flatMap((id) => byId.get(id) ?? [])
  }

  async list(filter: { statuses: GoodsStatus[]; offset: number; limit: number }): Promise<{ goods: Goods[]; total: number }> {
    const base = this.db.selectFrom('goods').where('status', 'in', filter.statuses)
    const rows = await base.selectAll().orderBy('created_at', 'desc').orderBy('id').offset(filter.offset).limit(filter.limit).execute()
    const count = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()
    return { goods: rows.map(toGoods), total: Number(count.n) }
  }

  async update(id: string, patch: Partial<GoodsInput>, now: number): Promise<Goods | undefined> {
    const set: Partial<GoodsTable> = { updated_at: now }
    if (patch.title !== undefined) set.title = patch.title
    if (patch.images !== undefined) set.images_json = JSON.stringify(patch.images)
    if (patch.priceFen !== undefined) set.price_fen = patch.priceFen
    if (patch.stock !== undefined) set.stock = patch.stock
    if (patch.status !== undefined) set.status = patch.status
    const result = await this.db.updateTable('goods').set(set).where('id', '=', id).executeTakeFirst()
    return Number(result.numUpdatedRows) === 0 ? undefined : this.find(id)
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('goods').where('id', '=', id).executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }
}
