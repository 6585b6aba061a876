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

export type StaffRole = 'admin' | 'operator'

/** A console account (web sign-in), separate from mini-program users. */
export interface StaffTable {
  id: string
  name: string
  role: StaffRole
  /** `scrypt$N$r$p$<salt b64url>$<hash b64url>` */
  password_hash: string
  /** Failed sign-ins since the last success or lockout. */
  failed_attempts: number
  locked_until: number | null
  created_at: number
}

/** A signed-in console session; the cookie holds the ID, the table only its SHA-256. */
export interface StaffSessionsTable {
  id_hash: string
  staff_id: string
  csrf_token: string
  created_at: number
  expires_at: number
}

/** A user who may not comment in a room until `until` (Unix seconds). */
export interface RoomMutesTable {
  room_id: string
  user_id: string
  until: number
}

export interface Database {
  users: UsersTable
  goods: GoodsTable
  rooms: RoomsTable
  room_reminders: RoomRemindersTable
  live_comments: LiveCommentsTable
  staff: StaffTable
  staff_sessions: StaffSessionsTable
  room_mutes: RoomMutesTable
}
