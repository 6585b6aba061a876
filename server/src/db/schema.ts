/** Table types for Kysely. Times are Unix seconds; lists are stored as JSON text so both SQL dialects agree. */
import type { PaymentAnomalyKind, PaymentAnomalyState } from '../../../miniprogram/contract/payment-anomaly-rules'
import type { UserRole } from '../../../miniprogram/contract/user-rules'

export interface UsersTable {
  id: string
  openid: string
  role: UserRole
  created_at: number
}

/** Price and stock live on the SKUs; specs_json holds the spec dimensions ([] without specs). */
export interface GoodsTable {
  id: string
  title: string
  images_json: string
  specs_json: string
  status: 'draft' | 'on_sale' | 'off_sale'
  created_at: number
  updated_at: number
}

/** A sellable variant; retired = 1 once left out of the goods' SKU set (orders still name it). */
export interface GoodsSkusTable {
  id: string
  goods_id: string
  spec_values_json: string
  price_fen: number
  stock: number
  image: string | null
  limit_per_order: number | null
  retired: number
  sort: number
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
  /** 1 once a replay segment of any of its lives is stored (migration 2026-12-03-009). */
  has_replay: number
}

/** A shopper asked to be told once when a room goes live; sent_at is set when that is settled. */
export interface RoomRemindersTable {
  room_id: string
  user_id: string
  created_at: number
  sent_at: number | null
}

/** A comment ZEGO delivered to a room (id = ZEGO's MessageId), kept for viewers who enter later. */
export interface RoomLikesTable {
  room_id: string
  total: number
  updated_at: number
}

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

export interface AddressesTable {
  id: string
  user_id: string
  /** Hash of every field, unique per user, so posting the same address twice keeps one. */
  fingerprint: string
  name: string
  phone: string
  province: string
  city: string
  district: string
  detail: string
  postal_code: string
  created_at: number
}

export type OrderStateColumn = 'created' | 'paid' | 'shipped' | 'completed' | 'closed' | 'refunding' | 'refunded' | 'partially_refunded'

/** The order id is also its out_trade_no at WeChat Pay. */
export interface OrdersTable {
  id: string
  user_id: string
  request_id: string | null
  state: OrderStateColumn
  total_fen: number
  refunded_fen: number
  address_json: string
  note: string
  room_id: string | null
  sharer_user_id: string | null
  created_at: number
  pay_deadline: number
  prepay_id: string | null
  prepay_at: number | null
  transaction_id: string | null
  paid_at: number | null
  closed_at: number | null
  completed_at: number | null
  express_company: string | null
  tracking_no: string | null
  shipped_at: number | null
  updated_at: number
}

export interface OrderItemsTable {
  order_id: string
  line: number
  sku_id: string
  goods_id: string
  title: string
  spec_text: string
  image: string
  unit_price_fen: number
  quantity: number
  subtotal_fen: number
}

export interface RefundsTable {
  id: string
  order_id: string
  state: 'requested' | 'rejected' | 'processing' | 'succeeded' | 'failed'
  amount_fen: number
  reason: string
  result_message: string | null
  /** Where the order goes back to when this refund is rejected or fails. */
  return_state: OrderStateColumn
  /** Stored before WeChat Pay is called and reused on every retry, so it refunds once. */
  out_refund_no: string
  refund_id: string | null
  created_at: number
  updated_at: number
}

export interface PaymentNotificationsTable {
  id: string
  event_type: string
  received_at: number
}

/** One upload of shipping information per shipment; 'pending' rows are retried when due. */
export interface ShippingUploadsTable {
  order_id: string
  state: 'pending' | 'sending' | 'uploaded' | 'failed'
  attempts: number
  next_attempt_at: number
  errcode: number | null
  errmsg: string | null
  uploaded_at: number | null
  updated_at: number
}

/** Money taken for an order that could not take it (orders/payment-anomalies.ts); its id is the out_refund_no. */
export interface PaymentAnomaliesTable {
  id: string
  kind: PaymentAnomalyKind
  out_trade_no: string
  transaction_id: string
  order_id: string | null
  amount_fen: number
  state: PaymentAnomalyState
  refund_id: string | null
  message: string | null
  created_at: number
  updated_at: number
}

/** A share card opened by someone other than its sharer; room_id / goods_id are '' when the card named none. */
export interface ShareOpensTable {
  sharer_user_id: string
  opener_user_id: string
  room_id: string
  goods_id: string
  /** How the first open came in: chat, group (a shareTicket came along), code, plugin. */
  channel: string
  opens: number
  first_opened_at: number
  last_opened_at: number
}

/** A mini-program code made for a room: `scene` is what the code carries. kind 'room' (ours) or 'wechat' (a WeChat live room). */
export interface ShareCodesTable {
  scene: string
  kind: 'room' | 'wechat'
  target_id: string
  sharer_user_id: string
  image_base64: string
  content_type: string
  created_at: number
}

/**
 * One live of a room and its ZEGO cloud recording task (replays/). record_state: off (recording
 * not configured), starting (StartRecord not yet answered), recording, stopping (stopped or ended,
 * files not yet known), done, failed. Times are Unix ms.
 */
export interface LiveSessionsTable {
  id: string
  room_id: string
  started_ms: number
  ended_ms: number | null
  record_state: 'off' | 'starting' | 'recording' | 'stopping' | 'done' | 'failed'
  client_task_id: string
  task_id: string | null
  /** When StopRecord is due (the live ended; a stream's close waits out a reconnect first). */
  stop_due_ms: number | null
  /** When the sweeper next retries StartRecord or asks DescribeRecordStatus. */
  next_check_ms: number | null
  attempts: number
  upload_partial: number
  last_error: string | null
  updated_ms: number
}

/** A recorded file in our bucket, stored once per (session, ZEGO file ID). */
export interface ReplaySegmentsTable {
  session_id: string
  file_id: string
  file_url: string
  duration_ms: number
  size_bytes: number
  begin_ms: number
  created_ms: number
}

/** The anchor explained `goods_id` ('' = stopped explaining) at `at_ms`. */
export interface LiveExplainsTable {
  id: string
  session_id: string
  goods_id: string
  at_ms: number
}

export interface Database {
  users: UsersTable
  goods: GoodsTable
  goods_skus: GoodsSkusTable
  addresses: AddressesTable
  orders: OrdersTable
  order_items: OrderItemsTable
  refunds: RefundsTable
  payment_notifications: PaymentNotificationsTable
  payment_anomalies: PaymentAnomaliesTable
  shipping_uploads: ShippingUploadsTable
  rooms: RoomsTable
  room_reminders: RoomRemindersTable
  live_comments: LiveCommentsTable
  staff: StaffTable
  staff_sessions: StaffSessionsTable
  room_mutes: RoomMutesTable
  share_opens: ShareOpensTable
  share_codes: ShareCodesTable
  live_sessions: LiveSessionsTable
  replay_segments: ReplaySegmentsTable
  live_explains: LiveExplainsTable
  room_likes: RoomLikesTable
}
