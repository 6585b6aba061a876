/** Each room's running total of likes (table room_likes), shared by every instance through the database. */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'

export class LikesRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Adds `count` to the room's total in one statement (no read-modify-write race) and answers the new total. */
  async add(roomId: string, count: number, nowSeconds: number): Promise<number> {
    const row = await this.db
      .insertInto('room_likes')
      .values({ room_id: roomId, total: count, updated_at: nowSeconds })
      .onConflict((oc) =>
        oc.column('room_id').doUpdateSet((eb) => ({ total: eb(eb.ref('room_likes.total'), '+', eb.ref('excluded.total')), updated_at: eb.ref('excluded.updated_at') })),
      )
      .returning('total')
      .executeTakeFirstOrThrow()
    return Number(row.total)
  }

  async total(roomId: string): Promise<number> {
    const row = await this.db.selectFrom('room_likes').select('total').where('room_id', '=', roomId).executeTakeFirst()
    return row === undefined ? 0 : Number(row.total)
  }
}
