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
  '2026-12-02-005-goods-skus': {
    // Price and stock move from goods to its SKUs. Every existing goods becomes one default SKU
    // (no spec values) with its price and stock, so nothing on sale changes. SKUs are never
    // deleted: orders name them, so a SKU left out of a new spec set is retired instead.
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('goods').addColumn('specs_json', 'text', (c) => c.notNull().defaultTo('[]')).execute()
      await db.schema
        .createTable('goods_skus')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('goods_id', 'text', (c) => c.notNull().references('goods.id').onDelete('cascade'))
        .addColumn('spec_values_json', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('price_fen', 'bigint', (c) => c.notNull())
        .addColumn('stock', 'integer', (c) => c.notNull())
        .addColumn('image', 'text')
        .addColumn('limit_per_order', 'integer')
        .addColumn('retired', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('goods_skus_goods_idx').on('goods_skus').columns(['goods_id', 'sort']).execute()
      await sql`insert into goods_skus (id, goods_id, spec_values_json, price_fen, stock, image, limit_per_order, retired, sort, created_at, updated_at)
        select 'sku_' || id, id, '[]', price_fen, stock, null, null, 0, 0, created_at, updated_at from goods`.execute(db)
      await db.schema.alterTable('goods').dropColumn('price_fen').execute()
      await db.schema.alterTable('goods').dropColumn('stock').execute()
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('goods').addColumn('price_fen', 'bigint', (c) => c.notNull().defaultTo(0)).execute()
      await db.schema.alterTable('goods').addColumn('stock', 'integer', (c) => c.notNull().defaultTo(0)).execute()
      await sql`update goods set
        price_fen = coalesce((select min(s.price_fen) from goods_skus s where s.goods_id = goods.id and s.retired = 0), 0),
        stock = coalesce((select sum(s.stock) from goods_skus s where s.goods_id = goods.id and s.retired = 0), 0)`.execute(db)
      await sql`drop table if exists goods_skus`.execute(db)
      await db.schema.alterTable('goods').dropColumn('specs_json').execute()
    },
  },
  '2026-12-02-006-orders': {
    // Buying: addresses, orders with their item snapshots, refunds, payment notifications seen
    // (unique on WeChat Pay's notification id, so a repeat applies once), shipping uploads, and
    // the per-user requestId that makes a retried submit answer the same order.
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('addresses')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('province', 'text', (c) => c.notNull())
        .addColumn('city', 'text', (c) => c.notNull())
        .addColumn('district', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('postal_code', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('addresses_user_fingerprint_uq').on('addresses').columns(['user_id', 'fingerprint']).unique().execute()
      await db.schema
        .createTable('orders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('request_id', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('total_fen', 'bigint', (c) => c.notNull())
        .addColumn('refunded_fen', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('address_json', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('room_id', 'text')
        .addColumn('sharer_user_id', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('pay_deadline', 'bigint', (c) => c.notNull())
        .addColumn('prepay_id', 'text')
        .addColumn('prepay_at', 'bigint')
        .addColumn('transaction_id', 'text')
        .addColumn('paid_at', 'bigint')
        .addColumn('closed_at', 'bigint')
        .addColumn('completed_at', 'bigint')
        .addColumn('express_company', 'text')
        .addColumn('tracking_no', 'text')
        .addColumn('shipped_at', 'bigint')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('orders_user_request_uq').on('orders').columns(['user_id', 'request_id']).unique().execute()
      await db.schema.createIndex('orders_user_created_idx').on('orders').columns(['user_id', 'created_at']).execute()
      await db.schema.createIndex('orders_state_deadline_idx').on('orders').columns(['state', 'pay_deadline']).execute()
      await db.schema
        .createTable('order_items')
        .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id').onDelete('cascade'))
        .addColumn('line', 'integer', (c) => c.notNull())
        .addColumn('sku_id', 'text', (c) => c.notNull())
        .addColumn('goods_id', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('spec_text', 'text', (c) => c.notNull())
        .addColumn('image', 'text', (c) => c.notNull())
        .addColumn('unit_price_fen', 'bigint', (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('subtotal_fen', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('order_items_pk', ['order_id', 'line'])
        .execute()
      await db.schema
        .createTable('refunds')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id').onDelete('cascade'))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('amount_fen', 'bigint', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('result_message', 'text')
        .addColumn('return_state', 'text', (c) => c.notNull())
        .addColumn('out_refund_no', 'text', (c) => c.notNull().unique())
        .addColumn('refund_id', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('refunds_order_idx').on('refunds').column('order_id').execute()
      await db.schema.createIndex('refunds_state_idx').on('refunds').column('state').execute()
      await db.schema
        .createTable('payment_notifications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('shipping_uploads')
        .addColumn('order_id', 'text', (c) => c.primaryKey().references('orders.id').onDelete('cascade'))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
        .addColumn('errcode', 'integer')
        .addColumn('errmsg', 'text')
        .addColumn('uploaded_at', 'bigint')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('shipping_uploads_due_idx').on('shipping_uploads').columns(['state', 'next_attempt_at']).execute()
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['shipping_uploads', 'payment_notifications', 'refunds', 'order_items', 'orders', 'addresses']) {
        await sql`drop table if exists ${sql.table(table)}`.execute(db)
      }
    },
  },
  '2026-12-02-007-room-stream-sessions': {
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
  '2026-12-02-008-staff': {
    // Console staff sign in with a name and password on the web, apart from mini-program users.
    // Sessions are opaque random IDs kept here as SHA-256 hashes, so a leaked table signs nobody
    // in; each carries the CSRF token its writes must present. Room mutes silence a user's
    // comments in one room until a time.
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('staff')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('staff_sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id').onDelete('cascade'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('staff_sessions_staff_idx').on('staff_sessions').column('staff_id').execute()
      await db.schema
        .createTable('room_mutes')
        .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('until', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('room_mutes_pk', ['room_id', 'user_id'])
        .execute()
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`drop table if exists room_mutes`.execute(db)
      await sql`drop table if exists staff_sessions`.execute(db)
      await sql`drop table if exists staff`.execute(db)
    },
  },
  '2026-12-03-009-replays': {
    // One row per live of a room (a short drop-out and reconnect stays the same live), with its
    // ZEGO cloud recording task; the recorded files (segments, once each) and the goods the anchor
    // explained, timed in Unix ms so the replay can place them. rooms.has_replay feeds the room list.
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('live_sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
        .addColumn('started_ms', 'bigint', (c) => c.notNull())
        .addColumn('ended_ms', 'bigint')
        .addColumn('record_state', 'text', (c) => c.notNull())
        .addColumn('client_task_id', 'text', (c) => c.notNull().unique())
        .addColumn('task_id', 'text')
        .addColumn('stop_due_ms', 'bigint')
        .addColumn('next_check_ms', 'bigint')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('upload_partial', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('updated_ms', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('live_sessions_room_idx').on('live_sessions').columns(['room_id', 'started_ms']).execute()
      await db.schema.createIndex('live_sessions_task_idx').on('live_sessions').column('task_id').execute()
      await db.schema.createIndex('live_sessions_due_idx').on('live_sessions').columns(['record_state', 'next_check_ms']).execute()
      await db.schema
        .createTable('replay_segments')
        .addColumn('session_id', 'text', (c) => c.notNull().references('live_sessions.id').onDelete('cascade'))
        .addColumn('file_id', 'text', (c) => c.notNull())
        .addColumn('file_url', 'text', (c) => c.notNull())
        .addColumn('duration_ms', 'bigint', (c) => c.notNull())
        .addColumn('size_bytes', 'bigint', (c) => c.notNull())
        .addColumn('begin_ms', 'bigint', (c) => c.notNull())
        .addColumn('created_ms', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('replay_segments_pk', ['session_id', 'file_id'])
        .execute()
      await db.schema
        .createTable('live_explains')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull().references('live_sessions.id').onDelete('cascade'))
        .addColumn('goods_id', 'text', (c) => c.notNull())
        .addColumn('at_ms', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('live_explains_session_idx').on('live_explains').columns(['session_id', 'at_ms']).execute()
      await db.schema.alterTable('rooms').addColumn('has_replay', 'integer', (c) => c.notNull().defaultTo(0)).execute()
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('rooms').dropColumn('has_replay').execute()
      await sql`drop table if exists live_explains`.execute(db)
      await sql`drop table if exists replay_segments`.execute(db)
      await sql`drop table if exists live_sessions`.execute(db)
    },
  },
  '2026-12-03-011-share-opens': {
    // Who opened whose share card, per room or goods ('' for none), counted once per opener, and
    // the mini-program codes made for a room: a scene of at most 32 characters is all a code
    // carries, so it names a row here that says which room and which sharer it is for.
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('share_opens')
        .addColumn('sharer_user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('opener_user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('room_id', 'text', (c) => c.notNull())
        .addColumn('goods_id', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('opens', 'integer', (c) => c.notNull())
        .addColumn('first_opened_at', 'bigint', (c) => c.notNull())
        .addColumn('last_opened_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('share_opens_pk', ['sharer_user_id', 'opener_user_id', 'room_id', 'goods_id'])
        .execute()
      await db.schema.createIndex('share_opens_opener_idx').on('share_opens').columns(['opener_user_id', 'room_id']).execute()
      await db.schema.createIndex('share_opens_room_idx').on('share_opens').columns(['room_id', 'sharer_user_id']).execute()
      await db.schema
        .createTable('share_codes')
        .addColumn('scene', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('sharer_user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('image_base64', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('share_codes_target_uq').on('share_codes').columns(['kind', 'target_id', 'sharer_user_id']).unique().execute()
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`drop table if exists share_codes`.execute(db)
      await sql`drop table if exists share_opens`.execute(db)
    },
  },
  '2026-12-03-013-payment-anomalies': {
    // Money that reached WeChat Pay for an order that cannot take it: paid after it was closed
    // here, or with an amount other than the order's. Each is kept once per transaction and
    // refunded in full under its own ID as out_refund_no; what cannot be refunded (another
    // merchant's or an unknown order's transaction) waits for a person.
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('payment_anomalies')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('out_trade_no', 'text', (c) => c.notNull())
        .addColumn('transaction_id', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text')
        .addColumn('amount_fen', 'bigint', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('refund_id', 'text')
        .addColumn('message', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('payment_anomalies_tx_uq').on('payment_anomalies').columns(['out_trade_no', 'transaction_id']).unique().execute()
      await db.schema.createIndex('payment_anomalies_state_idx').on('payment_anomalies').columns(['state', 'updated_at']).execute()
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`drop table if exists payment_anomalies`.execute(db)
    },
  },
  '2026-12-03-010-room-likes': {
    // One running total per room, added to by every batch of taps in one conditional update, so
    // instances sharing the database count together and a restart loses nothing.
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('room_likes')
        .addColumn('room_id', 'text', (c) => c.primaryKey().references('rooms.id').onDelete('cascade'))
        .addColumn('total', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute()
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`drop table if exists room_likes`.execute(db)
    },
  },
  // The live monitor opens with the orders placed from its room since the live started.
  '2026-12-03-014-orders-by-room': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('orders_room_created_idx').on('orders').columns(['room_id', 'created_at']).execute()
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('orders_room_created_idx').ifExists().execute()
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

/** Migrates up or down to `name` (tests start from an older schema with it to check a data migration). */
export async function migrateTo(db: Kysely<Database>, name: string): Promise<void> {
  const { error } = await new Migrator({ db, provider }).migrateTo(name)
  if (error !== undefined) throw error instanceof Error ? error : new Error(`migration to ${name} failed: ${String(error)}`)
}
