import type { Kysely } from 'kysely'
import type { Room, RoomStatus } from '../../../miniprogram/core/api-types'
import { newId } from '../db/ids'
import type { Database, RoomsTable } from '../db/schema'
import { deriveStreamId } from '../zego/identifiers'

export interface RoomInput {
  title: string
  cover: string
  anchorUserId: string
  scheduledStart: number
  scheduledEnd: number | null
  status: RoomStatus
  shelf: string[]
}

export function toRoom(row: RoomsTable): Room {
  return {
    id: row.id,
    title: row.title,
    cover: row.cover,
    anchorUserId: row.anchor_user_id,
    streamId: row.stream_id,
    scheduledStart: row.scheduled_start,
    scheduledEnd: row.scheduled_end,
    status: row.status,
    shelf: JSON.parse(row.shelf_json) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

export class RoomsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async create(input: RoomInput, now: number, id = newId('room')): Promise<Room> {
    const row: RoomsTable = {
      id,
      title: input.title,
      cover: input.cover,
      anchor_user_id: input.anchorUserId,
      stream_id: deriveStreamId(id, input.anchorUserId),
      scheduled_start: input.scheduledStart,
      scheduled_end: input.scheduledEnd,
      status: input.status,
      shelf_json: JSON.stringify(input.shelf),
      created_at: now,
      updated_at: now,
    }
    await this.db.insertInto('rooms').values(row).execute()
    return toRoom(row)
  }

  async find(id: string): Promise<Room | undefined> {
    const row = await this.db.selectFrom('rooms').selectAll().where('id', '=', id).executeTakeFirst()
    return row === undefined ? undefined : toRoom(row)
  }

  async list(filter: { status?: RoomStatus; anchorUserId?: string; offset: number; limit: number }): Promise<{ rooms: Room[]; total: number }> {
    let base = this.db.selectFrom('rooms')
    if (filter.status !== undefined) base = base.where('status', '=', filter.status)
    if (filter.anchorUserId !== undefined) base = base.where('anchor_user_id', '=', filter.anchorUserId)
    const rows = await base.selectAll().orderBy('scheduled_start', 'asc').orderBy('id').offset(filter.offset).limit(filter.limit).execute()
    const count = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()
    return { rooms: rows.map(toRoom), total: Number(count.n) }
  }

  /** IDs of rooms whose shelf holds `goodsId` (shelves are small JSON lists, so a LIKE prefilter is enough). */
  async roomsShelving(goodsId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('rooms').select(['id', 'shelf_json']).where('shelf_json', 'like', `%"${goodsId}"%`).execute()
    return rows.filter((r) => (JSON.parse(r.shelf_json) as string[]).includes(goodsId)).map((r) => r.id)
  }

  async update(id: string, patch: Partial<RoomInput>, now: number): Promise<Room | undefined> {
    const set: Partial<RoomsTable> = { updated_at: now }
    if (patch.title !== undefined) set.title = patch.title
    if (patch.cover !== undefined) set.cover = patch.cover
    if (patch.anchorUserId !== undefined) {
      set.anchor_user_id = patch.anchorUserId
      set.stream_id = deriveStreamId(id, patch.anchorUserId)
    }
    if (patch.scheduledStart !== undefined) set.scheduled_start = patch.scheduledStart
    if (patch.scheduledEnd !== undefined) set.scheduled_end = patch.scheduledEnd
    if (patch.status !== undefined) set.status = patch.status
    if (patch.shelf !== undefined) set.shelf_json = JSON.stringify(patch.shelf)
    const result = await this.db.updateTable('rooms').set(set).where('id', '=', id).executeTakeFirst()
    return Number(result.numUpdatedRows) === 0 ? undefined : this.find(id)
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('rooms').where('id', '=', id).executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }
}
