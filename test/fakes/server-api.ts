/**
 * The merchant server as the mini-program sees it, answering wx.request through the wx fake:
 * sign-in, ZEGO tokens, goods, rooms, WeChat live rooms and live comments, with the failures a
 * real network and server produce. Shapes follow server/src (goods-routes.ts, rooms-routes.ts,
 * wechat/live-routes.ts, comments/comment-routes.ts, errors.ts); the rules that decide an answer
 * (comment text, display names, which live reports apply) are the server's own functions.
 * Stock it with server-fixtures.ts. Tests that need the whole server use test/helpers/real-server.ts.
 */
import type {
  ApiErrorBody,
  Goods,
  GoodsDetailResponse,
  GoodsListResponse,
  LiveComment,
  LoginResponse,
  Room,
  RoomDetailResponse,
  RoomListResponse,
  WechatLiveRoom,
  WechatLiveRoomsResponse,
  ZegoTokenResponse,
} from '../../miniprogram/core/api-types'
import { config } from '../../miniprogram/config'
import { setRequestHandler, type WxRequestAnswer, type WxRequestOptions } from './wx'
import { comment, commentHistory, recordStatus, reminder } from './server-room-routes'

export interface ServerRequest {
  method: string
  path: string
  query: Record<string, string>
  body: unknown
  authorization: string | undefined
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
  /** Each signed-in user's role, as the users table holds it. */
  readonly roles = new Map<string, LoginResponse['user']['role']>()
  /** The console session that last reported per room, as the server keeps it. */
  readonly consoleSessions = new Map<string, string | null>()
  private tokenSerial = 0

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
    if (req.method === 'GET' && historyMatch && (user || anonymous)) return commentHistory(this, decodeURIComponent(historyMatch[1] ?? ''), req)
    if (!user) return { statusCode: 401, data: { error: 'unauthorized', message: '请先登录' } }
    if (req.method === 'POST' && req.path === '/api/zego/token') return this.token(req, user)
    const roomMatch = /^\/api\/rooms\/([^/]+)$/.exec(req.path)
    if (req.method === 'GET' && roomMatch) return this.room(decodeURIComponent(roomMatch[1]))
    const statusMatch = /^\/api\/rooms\/([^/]+)\/status$/.exec(req.path)
    if (req.method === 'POST' && statusMatch) return recordStatus(this, decodeURIComponent(statusMatch[1]), req, user)
    const remindersMatch = /^\/api\/rooms\/([^/]+)\/reminders(\/me)?$/.exec(req.path)
    if (remindersMatch) return reminder(this, decodeURIComponent(remindersMatch[1] ?? ''), remindersMatch[2] === '/me', req, user)
    const commentsMatch = /^\/api\/rooms\/([^/]+)\/comments$/.exec(req.path)
    if (req.method === 'POST' && commentsMatch) return comment(this, decodeURIComponent(commentsMatch[1]), req, user)
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
  shelfOf(room: Room): Goods[] {
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

  private room(id: string): WxRequestAnswer {
    const room = this.rooms.get(id)
    if (!room) return { statusCode: 404, data: { error: 'room_not_found', message: '直播间不存在' } }
    const body: RoomDetailResponse = { room, shelfGoods: this.shelfOf(room) }
    return { statusCode: 200, data: body }
  }
}
