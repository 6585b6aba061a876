import type { Kysely } from 'kysely'
import type { Room, RoomLiveStatus, RoomStatus } from '../../../miniprogram/contract/room-schemas'
import { newId } from '../db/ids'
import type { Database, RoomsTable } from '../db/schema'
import { deriveStreamId } from '../zego/identifiers'
import type { LiveDecision, LiveRecord, RoomLiveState } from './live-order'
import { liveTransition } from './live-transitions'

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
    liveStartedAt: row.live_started_at,
    liveEndedAt: row.live_ended_at,
    hasReplay: Number(row.has_replay) === 1,
  }
}

export type LiveStatusResult =
  | { kind: 'not_found' }
  | { kind: 'refused'; message: string }
  | { kind: 'done'; room: Room; changed: boolean }
  /** The report was stale (rooms/live-order.ts) and changed nothing. */
  | { kind: 'ignored'; room: Room; reason: string }

const bigintOrNull = (value: number | string | null): number | null => (value === null ? null : Number(value))

/** Attempts before giving up on a room whose status keeps changing under us (admins and the anchor racing). */
const maxStatusAttempts = 5

/** Only the columns a record names; unchanged values are left out so a repeat writes nothing. */
function recordColumns(record: LiveRecord): Partial<RoomsTable> {
  const set: Partial<RoomsTable> = {}
  if (record.streamCreatedMs !== undefined) set.stream_created_ms = record.streamCreatedMs
  if (record.streamClosedMs !== undefined) set.stream_closed_ms = record.streamClosedMs
  if (record.consoleSession !== undefined) set.console_session = record.consoleSession
  return set
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
      live_started_at: null,
      live_ended_at: null,
      stream_created_ms: null,
      stream_closed_ms: null,
      console_session: null,
      has_replay: 0,
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

  /** Which of `ids` are rooms. */
  async existing(ids: string[]): Promise<Set<string>> {
    return new Set((await this.db.selectFrom('rooms').select('id').where('id', 'in', ids).execute()).map((r) => r.id))
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

  /** The room with what orders its live reports (rooms/live-order.ts). */
  async findLiveState(id: string): Promise<RoomLiveState | undefined> {
    const row = await this.db.selectFrom('rooms').selectAll().where('id', '=', id).executeTakeFirst()
    if (row === undefined) return undefined
    return {
      room: toRoom(row),
      streamCreatedMs: bigintOrNull(row.stream_created_ms),
      streamClosedMs: bigintOrNull(row.stream_closed_ms),
      consoleSession: row.console_session,
    }
  }

  /** Sets the status unconditionally (as far as the transitions allow); the storage tests use it. */
  setLiveStatus(id: string, to: RoomLiveStatus, now: number): Promise<LiveStatusResult> {
    return this.changeLiveStatus(id, now, () => ({ kind: 'apply', to, record: {} }))
  }

  /**
   * A live report: `decide` sees the room as read and says whether the report still applies.
   * Compare-and-set on everything it read, so a concurrent report or PATCH (say, a cancellation) is
   * never overwritten by a decision made on stale state; a lost race decides again.
   */
  async changeLiveStatus(id: string, now: number, decide: (state: RoomLiveState) => LiveDecision): Promise<LiveStatusResult> {
    for (let attempt = 0; attempt < maxStatusAttempts; attempt++) {
      const state = await this.findLiveState(id)
      if (state === undefined) return { kind: 'not_found' }
      const decision = decide(state)
      if (decision.kind === 'ignore') return { kind: 'ignored', room: state.room, reason: decision.reason }
      const { to } = decision
      const transition = liveTransition(state.room.status, to)
      if (transition.kind === 'refused') return transition
      const set: Partial<RoomsTable> = recordColumns(decision.record)
      if (transition.kind === 'change') {
        // Going live again starts a new live: the previous end time no longer describes it.
        Object.assign(set, to === 'live' ? { status: to, live_started_at: now, live_ended_at: null, updated_at: now } : { status: to, live_ended_at: now, updated_at: now })
      }
      // Repeating the status changes nothing a client sees, not even updatedAt.
      if (Object.keys(set).length === 0) return { kind: 'done', room: state.room, changed: false }
      let update = this.db.updateTable('rooms').set(set).where('id', '=', id).where('status', '=', state.room.status)
      update = state.streamCreatedMs === null ? update.where('stream_created_ms', 'is', null) : update.where('stream_created_ms', '=', state.streamCreatedMs)
      update = state.streamClosedMs === null ? update.where('stream_closed_ms', 'is', null) : update.where('stream_closed_ms', '=', state.streamClosedMs)
      update = state.consoleSession === null ? update.where('console_session', 'is', null) : update.where('console_session', '=', state.consoleSession)
      const result = await update.executeTakeFirst()
      if (Number(result.numUpdatedRows) > 0) {
        const updated = await this.find(id)
        return updated === undefined ? { kind: 'not_found' } : { kind: 'done', room: updated, changed: transition.kind === 'change' }
      }
    }
    throw new Error(`room ${id}: status kept changing while applying a live report`)
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('rooms').where('id', '=', id).executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }
}
