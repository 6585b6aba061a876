/**
 * Schema migrations, run at every start. Each migration is written once and never edited; new
 * changes are new entries. Column types are chosen to mean the same on SQLite and PostgreSQL.
 */
import { Migrator, NO_MIGRATIONS, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely'
import type { Database } from './schema'

export const migrations: Record<string, Migration> = {
  '2026-11-21-001-initial': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('openid', 'text', (c) => c.notNull().unique())
        .addColumn('role', 'text', (c) => c.notNull().defaultTo('shopper'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('goods')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('images_json', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('price_fen', 'bigint', (c) => c.notNull())
        .addColumn('stock', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('rooms')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('cover', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('anchor_user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('stream_id', 'text', (c) => c.notNull().unique())
        .addColumn('scheduled_start', 'bigint', (c) => c.notNull())
        .addColumn('scheduled_end', 'bigint')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('shelf_json', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('rooms_anchor_idx').on('rooms').column('anchor_user_id').execute()
      await db.schema.createIndex('rooms_start_idx').on('rooms').column('scheduled_start').execute()
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`drop table if exists rooms`.execute(db)
      await sql`drop table if exists goods`.execute(db)
      await sql`drop table if exists users`.execute(db)
    },
  },
  '2026-11-22-002-room-live-times': {
    // SQLite takes one column per ALTER TABLE, so each column is its own statement.
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('rooms').addColumn('live_started_at', 'bigint').execute()
      await db.schema.alterTable('rooms').addColumn('live_ended_at', 'bigint').execute()
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('rooms').dropColumn('live_ended_at').execute()
      await db.schema.alterTable('rooms').dropColumn('live_started_at').execute()
    },
  },
  '2026-11-23-003-room-reminders': {
    // The pair is the key: one reminder per shopper and room. Deleting a room drops its reminders.
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('room_reminders')
        .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('sent_at', 'bigint')
        .addPrimaryKeyConstraint('room_reminders_pk', ['room_id', 'user_id'])
        .execute()
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`drop table if exists room_reminders`.execute(db)
    },
  },
  '2026-11-24-004-live-comments': {
    // Delivered comments, so a viewer who enters late sees the recent ones. The ID is ZEGO's
    // MessageId; the user has no foreign key because a comment keeps the name it was shown with.
    // Deleting a room drops its comments.
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('live_comments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('nickname', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('live_comments_room_sent_idx').on('live_comments').columns(['room_id', 'sent_at']).execute()
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`drop table if exists live_comments`.execute(db)
    },
  },
  '2026-12-02-005-room-stream-sessions': {
    // Which ZEGO stream session and which console session a room's live status last came from, so
    // a late or repeated callback or report never brings an ended live back (rooms/live-order.ts).
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('rooms').addColumn('stream_created_ms', 'bigint').execute()
      await db.schema.alterTable('rooms').addColumn('stream_closed_ms', 'bigint').execute()
      await db.schema.alterTable('rooms').addColumn('console_session', 'text').execute()
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('rooms').dropColumn('console_session').execute()
      await db.schema.alterTable('rooms').dropColumn('stream_closed_ms').execute()
      await db.schema.alterTable('rooms').dropColumn('stream_created_ms').execute()
    },
  },
}

const provider: MigrationProvider = { getMigrations: async () => migrations }

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider })
  const { error, results } = await migrator.migrateToLatest()
  if (error !== undefined) throw error instanceof Error ? error : new Error(`migration failed: ${String(error)}`)
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

/** Rolls every migration back (tests start a shared PostgreSQL database from empty with it). */
export async function migrateDownToEmpty(db: Kysely<Database>): Promise<void> {
  const { error } = await new Migrator({ db, provider }).migrateTo(NO_MIGRATIONS)
  if (error !== undefined) throw error instanceof Error ? error : new Error(`rollback failed: ${String(error)}`)
}
