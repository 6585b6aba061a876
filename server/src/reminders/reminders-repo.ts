/**
 * Room reminders: one row per shopper and room. A row is pending until its one message is settled
 * (sent, or refused by WeChat for good); `sent_at` records that, so a room going live twice never
 * reminds anyone twice.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'

export interface PendingReminder {
  userId: string
  openid: string
}

export class RemindersRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * 'created' for a new reminder, 'existed' when there was one. Asking again after a reminder was
   * sent (the room was rescheduled) makes it pending again: each accepted subscription is worth
   * one more message.
   */
  async add(roomId: string, userId: string, now: number): Promise<'created' | 'existed'> {
    const inserted = await this.db
      .insertInto('room_reminders')
      .values({ room_id: roomId, user_id: userId, created_at: now, sent_at: null })
      .onConflict((oc) => oc.columns(['room_id', 'user_id']).doNothing())
      .executeTakeFirst()
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0) return 'created'
    await this.db.updateTable('room_reminders').set({ sent_at: null }).where('room_id', '=', roomId).where('user_id', '=', userId).where('sent_at', 'is not', null).execute()
    return 'existed'
  }

  async remove(roomId: string, userId: string): Promise<void> {
    await this.db.deleteFrom('room_reminders').where('room_id', '=', roomId).where('user_id', '=', userId).execute()
  }

  /** Whether this user has a reminder for the room that is still to be sent. */
  async isPending(roomId: string, userId: string): Promise<boolean> {
    const row = await this.db.selectFrom('room_reminders').select('room_id').where('room_id', '=', roomId).where('user_id', '=', userId).where('sent_at', 'is', null).executeTakeFirst()
    return row !== undefined
  }

  async pending(roomId: string): Promise<PendingReminder[]> {
    return this.db
      .selectFrom('room_reminders')
      .innerJoin('users', 'users.id', 'room_reminders.user_id')
      .select(['room_reminders.user_id as userId', 'users.openid as openid'])
      .where('room_reminders.room_id', '=', roomId)
      .where('room_reminders.sent_at', 'is', null)
      .orderBy('room_reminders.created_at')
      .orderBy('room_reminders.user_id')
      .execute()
  }

  /** Only a pending row is marked, so a reminder settled elsewhere keeps its first time. */
  async markSent(roomId: string, userId: string, now: number): Promise<void> {
    await this.db.updateTable('room_reminders').set({ sent_at: now }).where('room_id', '=', roomId).where('user_id', '=', userId).where('sent_at', 'is', null).execute()
  }
}
