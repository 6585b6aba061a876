/**
 * Delivered live comments (table live_comments) and who is muted in a room until when (table
 * room_mutes): the comment routes, the writer's batches and the console's moderation all read
 * and write them here.
 */
import type { Kysely } from 'kysely'
import type { LiveComment } from '../../../miniprogram/contract/comment-schemas'
import type { Database } from '../db/schema'

export class CommentsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** One multi-row INSERT; a comment ID already stored keeps its first copy (a repeat is harmless). */
  async insert(comments: LiveComment[]): Promise<void> {
    await this.db
      .insertInto('live_comments')
      .values(comments.map((c) => ({ id: c.id, room_id: c.roomId, user_id: c.userId, nickname: c.nickname, text: c.text, sent_at: c.sentAt })))
      .onConflict((oc) => oc.column('id').doNothing())
      .execute()
  }

  /**
   * The newest `limit` comments of a room, oldest first. Times are whole seconds, so comments of the
   * same second are ordered by ID to keep the answer stable.
   */
  async recent(roomId: string, limit: number): Promise<LiveComment[]> {
    const rows = await this.db
      .selectFrom('live_comments')
      .select(['id', 'room_id', 'user_id', 'nickname', 'text', 'sent_at'])
      .where('room_id', '=', roomId)
      .orderBy('sent_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
    return rows.reverse().map((r) => ({ id: r.id, roomId: r.room_id, userId: r.user_id, nickname: r.nickname, text: r.text, sentAt: Number(r.sent_at) }))
  }

  /** false when the room has no such comment. */
  async delete(roomId: string, commentId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('live_comments').where('room_id', '=', roomId).where('id', '=', commentId).executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }

  /** Each muted user of the room and the Unix second their mute ends (ended mutes included). */
  async mutesOf(roomId: string): Promise<Map<string, number>> {
    const rows = await this.db.selectFrom('room_mutes').select(['user_id', 'until']).where('room_id', '=', roomId).execute()
    return new Map(rows.map((r) => [r.user_id, Number(r.until)]))
  }

  /** Mutes `userId` in `roomId` until `until`, replacing an earlier mute. */
  async mute(roomId: string, userId: string, until: number): Promise<void> {
    await this.db
      .insertInto('room_mutes')
      .values({ room_id: roomId, user_id: userId, until })
      .onConflict((oc) => oc.columns(['room_id', 'user_id']).doUpdateSet({ until }))
      .execute()
  }
}
