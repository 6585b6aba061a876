/**
 * Lives of a room, their recording task, recorded segments and the explain timeline. Every state
 * change is a conditional update on the state it was decided from, so a callback, a retry and the
 * sweeper racing each other never move a session backwards.
 */
import type { Kysely } from 'kysely'
import type { Database, LiveSessionsTable } from '../db/schema'
import type { RecordedFile } from './cloud-recording-api'

export type LiveSession = LiveSessionsTable
export type RecordState = LiveSessionsTable['record_state']

export interface StoredSegment {
  fileId: string
  fileUrl: string
  durationMs: number
  sizeBytes: number
  beginMs: number
}

export interface StoredReplay {
  session: LiveSession
  segments: StoredSegment[]
  explains: { goodsId: string; atMs: number }[]
}

/** bigint columns come back as strings from PostgreSQL. */
const n = (v: number | string | null): number => Number(v)
function normalise(row: LiveSessionsTable): LiveSession {
  return {
    ...row,
    started_ms: n(row.started_ms),
    ended_ms: row.ended_ms === null ? null : n(row.ended_ms),
    stop_due_ms: row.stop_due_ms === null ? null : n(row.stop_due_ms),
    next_check_ms: row.next_check_ms === null ? null : n(row.next_check_ms),
    updated_ms: n(row.updated_ms),
  }
}

export class LiveSessionsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async latestForRoom(roomId: string): Promise<LiveSession | undefined> {
    const row = await this.db.selectFrom('live_sessions').selectAll().where('room_id', '=', roomId).orderBy('started_ms', 'desc').limit(1).executeTakeFirst()
    return row === undefined ? undefined : normalise(row)
  }

  async find(id: string): Promise<LiveSession | undefined> {
    const row = await this.db.selectFrom('live_sessions').selectAll().where('id', '=', id).executeTakeFirst()
    return row === undefined ? undefined : normalise(row)
  }

  async findByTask(taskId: string): Promise<LiveSession | undefined> {
    const row = await this.db.selectFrom('live_sessions').selectAll().where('task_id', '=', taskId).executeTakeFirst()
    return row === undefined ? undefined : normalise(row)
  }

  async roomStream(roomId: string): Promise<{ id: string; streamId: string } | undefined> {
    const row = await this.db.selectFrom('rooms').select(['id', 'stream_id']).where('id', '=', roomId).executeTakeFirst()
    return row === undefined ? undefined : { id: row.id, streamId: row.stream_id }
  }

  async create(row: LiveSession): Promise<void> {
    await this.db.insertInto('live_sessions').values(row).execute()
  }

  /** The live resumed within the grace: the same session goes on (only if still ended as read). */
  async reopen(id: string, endedMs: number, nowMs: number): Promise<boolean> {
    const result = await this.db.updateTable('live_sessions').set({ ended_ms: null, stop_due_ms: null, updated_ms: nowMs }).where('id', '=', id).where('ended_ms', '=', endedMs).executeTakeFirst()
    return Number(result.numUpdatedRows) > 0
  }

  async end(id: string, nowMs: number, stopDueMs: number | null): Promise<boolean> {
    const result = await this.db.updateTable('live_sessions').set({ ended_ms: nowMs, stop_due_ms: stopDueMs, updated_ms: nowMs }).where('id', '=', id).where('ended_ms', 'is', null).executeTakeFirst()
    return Number(result.numUpdatedRows) > 0
  }

  /** Moves the session on only from one of `from`; false when another writer got there first. */
  async transition(id: string, from: readonly RecordState[], set: Partial<LiveSession>, nowMs: number): Promise<boolean> {
    const result = await this.db
      .updateTable('live_sessions')
      .set({ ...set, updated_ms: nowMs })
      .where('id', '=', id)
      .where('record_state', 'in', [...from])
      .executeTakeFirst()
    return Number(result.numUpdatedRows) > 0
  }

  /** Sessions the sweeper has to act on now: a start to retry, a stop due, files to ask about. */
  async due(nowMs: number, limit: number): Promise<LiveSession[]> {
    const rows = await this.db
      .selectFrom('live_sessions')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb.and([eb('record_state', '=', 'starting'), eb('next_check_ms', '<=', nowMs)]),
          eb.and([eb('record_state', '=', 'recording'), eb('stop_due_ms', '<=', nowMs)]),
          eb.and([eb('record_state', '=', 'stopping'), eb('next_check_ms', '<=', nowMs)]),
        ]),
      )
      .orderBy('updated_ms')
      .limit(limit)
      .execute()
    return rows.map(normalise)
  }

  /**
   * Stores each uploaded file once (primary key session + ZEGO file ID), whoever reports it; marks
   * the room as having a replay. Answers how many were new.
   */
  async addSegments(session: LiveSession, files: readonly RecordedFile[], nowMs: number): Promise<number> {
    let added = 0
    for (const f of files) {
      const result = await this.db
        .insertInto('replay_segments')
        .values({ session_id: session.id, file_id: f.fileId, file_url: f.fileUrl, duration_ms: f.durationMs, size_bytes: f.sizeBytes, begin_ms: f.beginMs, created_ms: nowMs })
        .onConflict((oc) => oc.columns(['session_id', 'file_id']).doNothing())
        .executeTakeFirst()
      added += Number(result.numInsertedOrUpdatedRows ?? 0)
    }
    if (added > 0) {
      await this.db.updateTable('rooms').set({ has_replay: 1, updated_at: Math.floor(nowMs / 1000) }).where('id', '=', session.room_id).where('has_replay', '=', 0).execute()
    }
    return added
  }

  async lastExplain(sessionId: string): Promise<{ goodsId: string; atMs: number } | undefined> {
    const row = await this.db.selectFrom('live_explains').select(['goods_id', 'at_ms']).where('session_id', '=', sessionId).orderBy('at_ms', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst()
    return row === undefined ? undefined : { goodsId: row.goods_id, atMs: n(row.at_ms) }
  }

  async countExplains(sessionId: string): Promise<number> {
    const row = await this.db.selectFrom('live_explains').select((eb) => eb.fn.countAll<number | string>().as('c')).where('session_id', '=', sessionId).executeTakeFirstOrThrow()
    return Number(row.c)
  }

  async addExplain(id: string, sessionId: string, goodsId: string, atMs: number): Promise<void> {
    await this.db.insertInto('live_explains').values({ id, session_id: sessionId, goods_id: goodsId, at_ms: atMs }).execute()
  }

  /** The room's lives that have at least one segment, newest first. */
  async replaysOf(roomId: string, limit: number): Promise<StoredReplay[]> {
    const sessions = await this.db
      .selectFrom('live_sessions')
      .selectAll()
      .where('room_id', '=', roomId)
      .where((eb) => eb.exists(eb.selectFrom('replay_segments').select('file_id').whereRef('replay_segments.session_id', '=', 'live_sessions.id')))
      .orderBy('started_ms', 'desc')
      .limit(limit)
      .execute()
    if (sessions.length === 0) return []
    const ids = sessions.map((s) => s.id)
    const segments = await this.db.selectFrom('replay_segments').selectAll().where('session_id', 'in', ids).orderBy('begin_ms').orderBy('file_id').execute()
    const explains = await this.db.selectFrom('live_explains').selectAll().where('session_id', 'in', ids).orderBy('at_ms').orderBy('id').execute()
    return sessions.map((row) => ({
      session: normalise(row),
      segments: segments
        .filter((s) => s.session_id === row.id)
        .map((s) => ({ fileId: s.file_id, fileUrl: s.file_url, durationMs: n(s.duration_ms), sizeBytes: n(s.size_bytes), beginMs: n(s.begin_ms) })),
      explains: explains.filter((e) => e.session_id === row.id).map((e) => ({ goodsId: e.goods_id, atMs: n(e.at_ms) })),
    }))
  }
}
