/**
 * The merchant server as the mini-program sees it, answering wx.request through the wx fake:
 * sign-in, ZEGO tokens, goods, rooms, WeChat live rooms and live comments, with the failures a
 * real network and server produce. Shapes follow server/src (goods-routes.ts, rooms-routes.ts,
 * wechat/live-routes.ts, comments/comment-routes.ts, errors.ts); the rules that decide an answer
 * are the server's own: requests are validated against the contract's schemas by the server's
 * validator, errors are the server's bodies (server-checks.ts, auth/auth-errors.ts), comment text,
 * display names and live reports are the server's functions (server-room-routes.ts). What is left
 * here is what the database and the route wiring do (see "Decided here" below).
 * Stock it with server-fixtures.ts. Tests that need the whole server use test/helpers/real-server.ts.
 *
 * Decided here, because the server decides it in SQL or inside a route file, not in a module a
 * fake can call: the lists' order (rooms-repo: scheduled start, then ID; goods-repo: newest
 * first, then ID); which routes are public; that shoppers never see draft goods (goods-routes.ts,
 * rooms/room-detail.ts) and the 403 for asking for them; the default SKU of goods without specs
 * (goods-repo); WeChat live's 503 answers (wechat/live-routes.ts).
 */
import type {
  ApiErrorBody,
  Goods,
  LiveComment,
  LoginResponse,
  Room,
  WechatLiveRoom,
  ZegoTokenResponse,
} from '../../miniprogram/core/api-types'
import { config } from '../../miniprogram/config'
import { LoginRequestSchema } from '../../miniprogram/contract/user-schemas'
import { ZegoTokenRequestSchema } from '../../miniprogram/contract/zego-schemas'
import { malformedAuthorization, sessionRejected, signInFirst } from '../../server/src/auth/auth-errors'
import { noRouteBody } from '../../server/src/errors'
import { answerOf, checkPart } from './server-checks'
import { setRequestHandler, type WxRequestAnswer, type WxRequestOptions } from './wx'
import { goodsItem, goodsList, roomDetail, roomList, wechatRoomList } from './server-catalogue-routes'
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
    const bearer = req.authorization === undefined ? undefined : /^Bearer\s+(\S+)$/i.exec(req.authorization)
    if (bearer === null) return answerOf(malformedAuthorization())
    const user = bearer === undefined ? undefined : this.sessions.get(bearer[1] ?? '')
    // As the server does: the lists and rooms are public, but a session that is sent must be valid.
    if (bearer !== undefined && user === undefined) return answerOf(sessionRejected())
    if (req.method === 'GET' && req.path === '/api/rooms') return roomList(this, req)
    if (req.method === 'GET' && req.path === '/api/wechat-live/rooms') return wechatRoomList(this, req)
    if (req.method === 'GET' && req.path === '/api/goods') return goodsList(this, req)
    const goodsMatch = /^\/api\/goods\/([^/]+)$/.exec(req.path)
    if (req.method === 'GET' && goodsMatch) return goodsItem(this, decodeURIComponent(goodsMatch[1] ?? ''))
    const historyMatch = /^\/api\/rooms\/([^/]+)\/comments$/.exec(req.path)
    if (req.method === 'GET' && historyMatch) return commentHistory(this, decodeURIComponent(historyMatch[1] ?? ''), req)
    const roomMatch = /^\/api\/rooms\/([^/]+)$/.exec(req.path)
    if (req.method === 'GET' && roomMatch) return roomDetail(this, decodeURIComponent(roomMatch[1] ?? ''))
    if (!user) return answerOf(signInFirst())
    if (req.method === 'POST' && req.path === '/api/zego/token') return this.token(req, user)
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
    return { statusCode: 404, data: noRouteBody(req.method, req.path) }
  }

  private login(req: ServerRequest): WxRequestAnswer {
    const body = checkPart(LoginRequestSchema, 'body', req.body)
    if (!body.ok) return body.answer
    const token = `session-${this.sessions.size + 1}-${this.userId}`
    this.sessions.set(token, this.userId)
    this.roles.set(this.userId, this.role)
    const answer: LoginResponse = { token, user: { id: this.userId, openid: `openid-${this.userId}`, role: this.role } }
    return { statusCode: 200, data: answer }
  }

  private token(req: ServerRequest, userId: string): WxRequestAnswer {
    if (this.tokenFailure) {
      const { status, body } = this.tokenFailure
      this.tokenFailure = null
      return { statusCode: status, data: body }
    }
    const request = checkPart(ZegoTokenRequestSchema, 'body', req.body)
    if (!request.ok) return request.answer
    const { roomId } = request.value
    const body: ZegoTokenResponse = {
      appId: config.zegoAppId,
      userId,
      token: `04token-${userId}-${roomId}-${++this.tokenSerial}`,
      expiresAt: 1_700_003_600,
    }
    return { statusCode: 200, data: body }
  }

  /** The room's shelf in its order, drafts left out, as rooms/room-detail.ts answers a viewer. */
  shelfOf(room: Room): Goods[] {
    return room.shelf.map((id) => this.goods.get(id)).filter((g): g is Goods => g !== undefined && g.status !== 'draft')
  }
}
