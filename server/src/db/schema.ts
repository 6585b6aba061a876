/** Table types for Kysely. Times are Unix seconds; lists are stored as JSON text so both SQL dialects agree. */
export interface UsersTable {
  id: string
  openid: string
  role: 'shopper' | 'anchor' | 'admin'
  created_at: number
}

export interface GoodsTable {
  id: string
  title: string
  images_json: string
  price_fen: number
  stock: number
  status: 'draft' | 'on_sale' | 'off_sale'
  created_at: number
  updated_at: number
}

export interface RoomsTable {
  id: string
  title: string
  cover: string
  anchor_user_id: string
  stream_id: string
  scheduled_start: number
  scheduled_end: number | null
  status: 'scheduled' | 'live' | 'ended' | 'cancelled'
  shelf_json: string
  created_at: number
  updated_at: number
  /** When the anchor last went live / ended the live (POST /api/rooms/:id/status); null until then. */
  live_started_at: number | null
  live_ended_at: number | null
  /**
   * The order of the live's own events (migration 2026-12-02-005): create_time_ms of the newest ZEGO
   * stream session seen and of the newest one seen closed, and the console session that last
   * reported. ZEGO callbacks and console reports arrive late and twice; these say which are stale.
   */
  stream_created_ms: number | null
  stream_closed_ms: number | null
  console_session: string | null
}

/** A shopper asked to be told once when a room goes live; sent_at is set when that is settled. */
export interface RoomRemindersTable {
  room_id: string
  user_id: string
  created_at: number
  sent_at: number | null
}

/** A comment ZEGO delivered to a room (id = ZEGO's MessageId), kept for viewers who enter later. */
export interface LiveCommentsTable {
  id: string
  room_id: string
  user_id: string
  nickname: string
  text: string
  sent_at: number
}

export interface Database {
  users: UsersTable
  goods: GoodsTable
  rooms: RoomsTable
  room_reminders: RoomRemindersTable
  live_comments: LiveCommentsTable
}
