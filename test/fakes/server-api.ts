/**
 * The merchant server as the mini-program sees it, answering wx.request through the wx fake:
 * sign-in, ZEGO tokens, goods, rooms, WeChat live rooms and live comments, with the failures a
 * real network and server produce. Shapes follow server/src (goods-routes.ts, rooms-routes.ts,
 * wechat/live-routes.ts, comments/comment-routes.ts, errors.ts).
 */
import type {
  ApiErrorBody,
  Goods,
  GoodsDetailResponse,
  GoodsListResponse,
  LiveComment,
  LiveCommentListResponse,
  LiveCommentResponse,
  LoginResponse,
  Room,
  RoomDetailResponse,
  RoomListResponse,
  RoomLiveStatus,
  WechatLiveRoom,
  WechatLiveRoomsResponse,
  ZegoTokenResponse,
} from '../../miniprogram/core/api-types'
import { describeWechatLiveStatus, type WechatLiveStatus } from '../../miniprogram/contract/wechat-live-status'
import { config } from '../../miniprogram/config'
import { setRequestHandler, type WxRequestAnswer, type WxRequestOptions } from './wx'
// The server's own ordering rule for console reports: pure, so the fake cannot drift from it.
import { consoleReportDecision } from '../../server/src/rooms/live-order'

export interface ServerRequest {
  method: string
  path: string
  query: Record<string, string>
  body: unknown
  authorization: string | undefined
}

/** A goods without specs (one default SKU); priceMaxFen follows priceFen unless given. */
export function makeGoods(id: string, over: Partial<Goods> = {}): Goods {
  const priceFen = over.priceFen ?? 1990
  return {
    id,
    title: `商品 ${id}`,
    images: [`https://cdn.example.com/goods/${id}.jpg`],
    priceFen,
    priceMaxFen: priceFen,
    stock: 10,
    status: 'on_sale',
    specs: [],
    createdAt: 1_700_000_000,
    updatedAt: 1_700_000_000,
    ...over,
  }
}

export function makeRoom(id: string, over: Partial<Room> = {}): Room {
  return {
    id,
    title: `直播间 ${id}`,
    cover: `https://cdn.example.com/cover/${id}.jpg`,
    anchorUserId: 'anchor-1',
    streamId: `${id}_anchor-1_main`,
    scheduledStart: 1_700_000_000,
    scheduledEnd: null,
    status: 'live',
    shelf: [],
    createdAt: 1_700_000_000,
    updatedAt: 1_700_000_000,
    liveStartedAt: null,
    liveEndedAt: null,
    hasReplay: false,
    ...over,
  }
}

/** A WeChat live room as GET /api/wechat-live/rooms maps it (category and label from live_status). */
export function makeWechatLiveRoom(roomId: number, liveStatus: WechatLiveStatus, over: Partial<WechatLiveRoom> = {}): WechatLiveRoom {
  const status = describeWechatLiveStatus(liveStatus)
  return {
    roomId,
    name: `微信直播 ${roomId}`,
    coverImg: `https://mmbiz.example.com/cover/${roomId}.jpg`,
    shareImg: `https://mmbiz.example.com/share/${roomId}.jpg`,
    liveStatus: status.code,
    category: status.category,
    statusLabel: status.label,
    startTime: 1_700_000_000,
    endTime: 1_700_007_200,
    anchorName: '小美',
    goods: [],
    ...over,
  }
}

/**
 * How GET /api/wechat-live/rooms answers: rooms from the cache, or 503 in dev mode (no WeChat
 * credentials) or before the first upstream answer.
 */
export type WechatLiveMode = 'ok' | 'not_configured' | 'upstream_unavailable'

/** A POST /api/rooms/:id/status that reached the route (injected failures never do), and its answer. */
export interface StatusReport {
  roomId: string
  status: unknown
  /** The console's live session, when it sent one. */
  session?: unknown
  userId: string
  answer: number
}

/** More routes for signed-in users (test/fakes/shop-server.ts); undefined = not this route. */
export type SignedInRoute = (req: ServerRequest, userId: string) => WxRequestAnswer | undefined

export class FakeServer {
  readonly requests: ServerRequest[] = []
  readonly extraRoutes: SignedInRoute[] = []
  readonly rooms = new Map<string, Room>()
  readonly goods = new Map<string, Goods>()
  readonly wechatRooms: WechatLiveRoom[] = []
  wechatLive: WechatLiveMode = 'ok'
  /** The cached WeChat list could not be refreshed (served anyway, flagged stale). */
  wechatStale = false
  /** Answer the next request to this `METHOD /path` with this status and body. */
  readonly failures = new Map<string, { status: number; body: ApiErrorBody }>()
  readonly statusReports: StatusReport[] = []
  /** Comments the route accepted (and would have broadcast through ZEGO), in order. */
  readonly comments: LiveComment[] = []
  /** The user the next sign-in is for. */
  userId = 'viewer-1'
  role: LoginResponse['user']['role'] = 'shopper'
  /** Answer the next N requests with a network failure (wx.request fail). */
  failNetwork = 0
  /** Answer the next token request with this status and body. */
  tokenFailure: { status: number; body: ApiErrorBody } | null = null
  /** `${roomId}|${userId}` of reminders still to be sent (POST /api/rooms/:id/reminders). */
  readonly reminders = new Set<string>()
  /** false: the server has no WECHAT_LIVE_TEMPLATE_ID and the reminder routes answer 503. */
  remindersConfigured = true
  /**
   * Runs when GET /api/rooms/:id/comments arrives, before it is answered (the answer reaches the
   * client on a later tick): what happens to the room while a client's history request is on its way.
   */
  onCommentHistory: (() => void) | null = null
  private sessions = new Map<string, string>()
  private roles = new Map<string, LoginResponse['user']['role']>()
  private tokenSerial = 0
  private commentSerial = 0

  install(): this {
    setRequestHandler((o) => this.answer(o))
    return this
  }

  addRoom(room: Room): void {
    this.rooms.set(room.id, room)
  }

  addGoods(...items: Goods[]): void {
    for (const goods of items) this.goods.set(goods.id, goods)
  }

  setRoomStatus(id: string, status: Room['status']): void {
    const room = this.rooms.get(id)
    if (room) this.rooms.set(id, { ...room, status })
  }

  /** The statuses the server accepted for a room, in order (what POST /api/rooms/:id/status changed or confirmed). */
  acceptedStatuses(roomId: string): unknown[] {
    return this.statusReports.filter((r) => r.roomId === roomId && r.answer === 200).map((r) => r.status)
  }

  tokensIssued(): number {
    return this.tokenSerial
  }

  /** Forgets every session, as a server restart would: the next call gets 401. */
  expireSessions(): void {
    this.sessions.clear()
  }

  paths(): string[] {
    return this.requests.map((r) => `${r.method} ${r.path}`)
  }

  private answer(o: WxRequestOptions): WxRequestAnswer {
    const url = new URL(o.url)
    const req: ServerRequest = {
      method: o.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: o.data,
      authorization: o.header?.Authorization,
    }
    this.requests.push(req)
    if (`${url.protocol}//${url.host}` !== config.serverUrl) return { statusCode: 404, data: { error: 'not_found', message: 'unknown host' } }
    if (this.failNetwork > 0) {
      this.failNetwork--
      return new Error('timeout')
    }
    const failure = this.failures.get(`${req.method} ${req.path}`)
    if (failure) {
      this.failures.delete(`${req.method} ${req.path}`)
      return { statusCode: failure.status, data: failure.body }
    }
    if (req.method === 'POST' && req.path === '/api/auth/login') return this.login(req)
    const user = this.sessions.get((req.authorization ?? '').replace(/^Bearer /, ''))
    // As the server does: the lists are public, but a session that is sent must be valid.
    const anonymous = req.authorization === undefined
    if (req.method === 'GET' && req.path === '/api/rooms' && (user || anonymous)) return this.roomList(req)
    if (req.method === 'GET' && req.path === '/api/wechat-live/rooms' && (user || anonymous)) return this.wechatRoomList(req)
    if (req.method === 'GET' && req.path === '/api/goods' && (user || anonymous)) return this.goodsList(req)
    const goodsMatch = /^\/api\/goods\/([^/]+)$/.exec(req.path)
    if (req.method === 'GET' && goodsMatch && (user || anonymous)) return this.goodsItem(decodeURIComponent(goodsMatch[1] ?? ''))
    const historyMatch = /^\/api\/rooms\/([^/]+)\/comments$/.exec(req.path)
    if (req.method === 'GET' && historyMatch && (user || anonymous)) return this.commentHistory(decodeURIComponent(historyMatch[1] ?? ''), req)
    if (!user) return { statusCode: 401, data: { error: 'unauthorized', message: '请先登录' } }
    if (req.method === 'POST' && req.path === '/api/zego/token') return this.token(req, user)
    const roomMatch = /^\/api\/rooms\/([^/]+)$/.exec(req.path)
    if (req.method === 'GET' && roomMatch) return this.room(decodeURIComponent(roomMatch[1]))
    const statusMatch = /^\/api\/rooms\/([^/]+)\/status$/.exec(req.path)
    if (req.method === 'POST' && statusMatch) return this.recordStatus(decodeURIComponent(statusMatch[1]), req, user)
    const remindersMatch = /^\/api\/rooms\/([^/]+)\/reminders(\/me)?$/.exec(req.path)
    if (remindersMatch) return this.reminder(decodeURIComponent(remindersMatch[1] ?? ''), remindersMatch[2] === '/me', req, user)
    const commentsMatch = /^\/api\/rooms\/([^/]+)\/comments$/.exec(req.path)
    if (req.method === 'POST' && commentsMatch) return this.comment(decodeURIComponent(commentsMatch[1]), req, user)
    for (const route of this.extraRoutes) {
      const answer = route(req, user)
      if (answer) return answer
    }
    return { statusCode: 404, data: { error: 'not_found', message: `${req.method} ${req.path}` } }
  }

  private login(req: ServerRequest): WxRequestAnswer {
    const code = (req.body as { code?: string } | undefined)?.code
    if (!code) return { statusCode: 400, data: { error: 'bad_request', message: 'code 不能为空', field: 'code' } }
    const token = `session-${this.sessions.size + 1}-${this.userId}`
    this.sessions.set(token, this.userId)
    this.roles.set(this.userId, this.role)
    const body: LoginResponse = { token, user: { id: this.userId, openid: `openid-${this.userId}`, role: this.role } }
    return { statusCode: 200, data: body }
  }

  private token(req: ServerRequest, userId: string): WxRequestAnswer {
    if (this.tokenFailure) {
      const { status, body } = this.tokenFailure
      this.tokenFailure = null
      return { statusCode: status, data: body }
    }
    const roomId = (req.body as { roomId?: string } | undefined)?.roomId ?? ''
    const body: ZegoTokenResponse = {
      appId: config.zegoAppId,
      userId,
      token: `04token-${userId}-${roomId}-${++this.tokenSerial}`,
      expiresAt: 1_700_003_600,
    }
    return { statusCode: 200, data: body }
  }

  /** By scheduled start, then ID, paged by offset/limit (default 20, at most 100), as rooms-repo lists them. */
  private roomList(req: ServerRequest): WxRequestAnswer {
    const offset = Number(req.query.offset ?? 0)
    const limit = Number(req.query.limit ?? 20)
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return { statusCode: 400, data: { error: 'bad_request', message: 'limit: must be <= 100', field: 'limit' } }
    const all = [...this.rooms.values()].sort((a, b) => a.scheduledStart - b.scheduledStart || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    const body: RoomListResponse = { rooms: all.slice(offset, offset + limit), total: all.length }
    return { statusCode: 200, data: body }
  }

  /** Shoppers see goods on sale and off sale, newest first, paged as goods-repo lists them. */
  private goodsList(req: ServerRequest): WxRequestAnswer {
    const offset = Number(req.query.offset ?? 0)
    const limit = Number(req.query.limit ?? 20)
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return { statusCode: 400, data: { error: 'bad_request', message: 'limit: must be <= 100', field: 'limit' } }
    const status = req.query.status
    if (status === 'draft') return { statusCode: 403, data: { error: 'forbidden', message: 'draft goods are listed for admins only', field: 'status' } }
    const visible = [...this.goods.values()]
      .filter((g) => (status ? g.status === status : g.status !== 'draft'))
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    const body: GoodsListResponse = { goods: visible.slice(offset, offset + limit), total: visible.length }
    return { statusCode: 200, data: body }
  }

  private goodsItem(id: string): WxRequestAnswer {
    const goods = this.goods.get(id)
    if (!goods || goods.status === 'draft') return { statusCode: 404, data: { error: 'not_found', message: 'goods not found' } }
    // GET /api/goods/:id carries the SKUs: those stored with the goods (shop-server.ts adds goods
    // with specs), else the one default SKU a goods made by makeGoods has.
    const skus = 'skus' in goods && Array.isArray(goods.skus) ? (goods.skus as GoodsDetailResponse['goods']['skus']) : undefined
    const detail: GoodsDetailResponse = {
      goods: { ...goods, skus: skus ?? [{ id: `sku_${goods.id}`, goodsId: goods.id, specValues: [], priceFen: goods.priceFen, stock: goods.stock, image: null, limitPerOrder: null }] },
    }
    return { statusCode: 200, data: detail }
  }

  /** The room's shelf in its order, drafts left out, as rooms-routes.ts answers a viewer. */
  private shelfOf(room: Room): Goods[] {
    return room.shelf.map((id) => this.goods.get(id)).filter((g): g is Goods => g !== undefined && g.status !== 'draft')
  }

  private wechatRoomList(req: ServerRequest): WxRequestAnswer {
    if (this.wechatLive === 'not_configured') {
      return { statusCode: 503, data: { error: 'wechat_not_configured', message: 'WeChat live rooms need WECHAT_APPID and WECHAT_APPSECRET (server is in dev mode)' } }
    }
    if (this.wechatLive === 'upstream_unavailable') {
      return { statusCode: 503, data: { error: 'upstream_unavailable', message: 'WeChat live data is not available yet; retry shortly' } }
    }
    const start = Number(req.query.start ?? 0)
    const limit = Number(req.query.limit ?? 20)
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return { statusCode: 400, data: { error: 'bad_request', message: 'limit: must be <= 100', field: 'limit' } }
    const body: WechatLiveRoomsResponse = {
      rooms: this.wechatRooms.slice(start, start + limit),
      total: this.wechatRooms.length,
      fetchedAt: 1_700_000_000,
      ageSeconds: this.wechatStale ? 900 : 30,
      stale: this.wechatStale,
    }
    return { statusCode: 200, data: body }
  }

  /** The console session that last reported per room, as the server keeps it. */
  private readonly consoleSessions = new Map<string, string | null>()

  private recordStatus(roomId: string, req: ServerRequest, userId: string): WxRequestAnswer {
    const { status, session } = (req.body ?? {}) as { status?: unknown; session?: unknown }
    const answer = this.roomStatus(roomId, status, userId, session)
    this.statusReports.push({ roomId, status, userId, answer: answer.statusCode, ...(session === undefined ? {} : { session }) })
    return answer
  }

  /** As room-status-routes.ts and live-transitions.ts answer. */
  private roomStatus(roomId: string, status: unknown, userId: string, session: unknown): { statusCode: number; data: unknown } {
    const room = this.rooms.get(roomId)
    if (!room) return { statusCode: 404, data: { error: 'not_found', message: 'room not found' } }
    const role = this.roles.get(userId)
    if (!((role === 'anchor' && room.anchorUserId === userId) || role === 'admin')) {
      return { statusCode: 403, data: { error: 'forbidden', message: "only the room's anchor or an admin may report its live status" } }
    }
    if (status !== 'live' && status !== 'ended') return { statusCode: 400, data: { error: 'bad_request', message: 'status: must be equal to one of the allowed values', field: 'status' } }
    const to: RoomLiveStatus = status
    if (session !== undefined && (typeof session !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(session))) {
      return { statusCode: 400, data: { error: 'bad_request', message: 'session: must match pattern', field: 'session' } }
    }
    if (room.status === 'cancelled') return { statusCode: 409, data: { error: 'room_cancelled', message: `the room was cancelled; it cannot be marked ${to}`, field: 'status' } }
    const state = { room, streamCreatedMs: null, streamClosedMs: null, consoleSession: this.consoleSessions.get(roomId) ?? null }
    const decision = consoleReportDecision(state, to, typeof session === 'string' ? session : null)
    if (decision.kind === 'apply') this.consoleSessions.set(roomId, decision.record.consoleSession ?? null)
    if (decision.kind === 'apply' && room.status !== to) {
      const now = Math.floor(Date.now() / 1000)
      const times = to === 'live' ? { liveStartedAt: now, liveEndedAt: null } : { liveEndedAt: now }
      this.rooms.set(roomId, { ...room, ...times, status: to, updatedAt: now })
    }
    const current = this.rooms.get(roomId) ?? room
    const body: RoomDetailResponse = { room: current, shelfGoods: this.shelfOf(current) }
    return { statusCode: 200, data: body }
  }

  /**
   * As comment-routes.ts answers (the content check passes: inject 422/429/502/503 through
   * `failures`). Trimmed text of 1–100 code points; 409 unless the room is live.
   */
  private comment(roomId: string, req: ServerRequest, userId: string): WxRequestAnswer {
    const body = (req.body ?? {}) as Record<string, unknown>
    const extra = Object.keys(body).find((k) => k !== 'text')
    if (extra) return { statusCode: 400, data: { error: 'bad_request', message: `${extra}: must NOT have additional properties`, field: extra } }
    const text = typeof body.text === 'string' ? body.text.trim() : ''
    const length = [...text].length
    if (length === 0 || length > 100) return { statusCode: 400, data: { error: 'bad_request', message: `text: 1–100 characters, got ${length}`, field: 'text' } }
    const room = this.rooms.get(roomId)
    if (!room) return { statusCode: 404, data: { error: 'not_found', message: 'room not found' } }
    if (room.status !== 'live') return { statusCode: 409, data: { error: 'room_not_live', message: `comments are open only during a live; this room is ${room.status}` } }
    const nickname = userId === room.anchorUserId ? '主播' : `观众${userId.slice(-4)}`
    const comment: LiveComment = { id: `zego-msg-${++this.commentSerial}`, roomId, userId, nickname, text, sentAt: Math.floor(Date.now() / 1000) }
    this.comments.push(comment)
    const answer: LiveCommentResponse = { comment }
    return { statusCode: 201, data: answer }
  }

  /**
   * As GET /api/rooms/:id/comments answers: the room's newest `limit` (1–100, default 50) of the
   * comments the POST route accepted, oldest first.
   */
  private commentHistory(roomId: string, req: ServerRequest): WxRequestAnswer {
    const limit = Number(req.query.limit ?? 50)
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return { statusCode: 400, data: { error: 'bad_request', message: 'limit: must be <= 100', field: 'limit' } }
    if (!this.rooms.has(roomId)) return { statusCode: 404, data: { error: 'not_found', message: 'room not found' } }
    this.onCommentHistory?.()
    const body: LiveCommentListResponse = { comments: this.comments.filter((c) => c.roomId === roomId).slice(-limit) }
    return { statusCode: 200, data: body }
  }

  /** As reminders/reminder-routes.ts answers: POST (201 new, 200 again), DELETE (204), GET …/me. */
  private reminder(roomId: string, me: boolean, req: ServerRequest, userId: string): WxRequestAnswer {
    const allowed = me ? req.method === 'GET' : req.method === 'POST' || req.method === 'DELETE'
    if (!allowed) return { statusCode: 404, data: { error: 'not_found', message: `no route ${req.method} ${req.path}` } }
    if (!this.remindersConfigured) {
      return { statusCode: 503, data: { error: 'reminders_not_configured', message: 'live reminders need WECHAT_LIVE_TEMPLATE_ID and WECHAT_LIVE_TEMPLATE_FIELDS' } }
    }
    const room = this.rooms.get(roomId)
    if (!room) return { statusCode: 404, data: { error: 'not_found', message: 'room not found' } }
    const key = `${roomId}|${userId}`
    if (req.method === 'GET') return { statusCode: 200, data: { reminded: this.reminders.has(key) } }
    if (req.method === 'DELETE') {
      this.reminders.delete(key)
      return { statusCode: 204, data: '' }
    }
    const extra = Object.keys((req.body ?? {}) as object)[0]
    if (extra) return { statusCode: 400, data: { error: 'bad_request', message: `${extra}: must NOT have additional properties`, field: extra } }
    if (room.status !== 'scheduled') return { statusCode: 409, data: { error: 'room_not_upcoming', message: `reminders are for rooms that have not started; this room is ${room.status}` } }
    const existed = this.reminders.has(key)
    this.reminders.add(key)
    return { statusCode: existed ? 200 : 201, data: { reminded: true } }
  }

  private room(id: string): WxRequestAnswer {
    const room = this.rooms.get(id)
    if (!room) return { statusCode: 404, data: { error: 'room_not_found', message: '直播间不存在' } }
    const body: RoomDetailResponse = { room, shelfGoods: this.shelfOf(room) }
    return { statusCode: 200, data: body }
  }
}
