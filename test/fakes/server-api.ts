/**
 * The merchant server as the mini-program sees it, answering wx.request through the wx fake:
 * sign-in, ZEGO tokens and rooms, with the failures a real network and server produce.
 */
import type { LoginResponse, Room, RoomDetailResponse, ZegoTokenResponse, ApiErrorBody } from '../../miniprogram/core/api-types'
import { config } from '../../miniprogram/config'
import { setRequestHandler, type WxRequestAnswer, type WxRequestOptions } from './wx'

export interface ServerRequest {
  method: string
  path: string
  body: unknown
  authorization: string | undefined
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
    ...over,
  }
}

export class FakeServer {
  readonly requests: ServerRequest[] = []
  readonly rooms = new Map<string, Room>()
  /** The user the next sign-in is for. */
  userId = 'viewer-1'
  role: LoginResponse['user']['role'] = 'shopper'
  /** Answer the next N requests with a network failure (wx.request fail). */
  failNetwork = 0
  /** Answer the next token request with this status and body. */
  tokenFailure: { status: number; body: ApiErrorBody } | null = null
  private sessions = new Map<string, string>()
  private tokenSerial = 0

  install(): this {
    setRequestHandler((o) => this.answer(o))
    return this
  }

  addRoom(room: Room): void {
    this.rooms.set(room.id, room)
  }

  setRoomStatus(id: string, status: Room['status']): void {
    const room = this.rooms.get(id)
    if (room) this.rooms.set(id, { ...room, status })
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
      body: o.data,
      authorization: o.header?.Authorization,
    }
    this.requests.push(req)
    if (`${url.protocol}//${url.host}` !== config.serverUrl) return { statusCode: 404, data: { error: 'not_found', message: 'unknown host' } }
    if (this.failNetwork > 0) {
      this.failNetwork--
      return new Error('timeout')
    }
    if (req.method === 'POST' && req.path === '/api/auth/login') return this.login(req)
    const user = this.sessions.get((req.authorization ?? '').replace(/^Bearer /, ''))
    if (!user) return { statusCode: 401, data: { error: 'unauthorized', message: '请先登录' } }
    if (req.method === 'POST' && req.path === '/api/zego/token') return this.token(req, user)
    const roomMatch = /^\/api\/rooms\/([^/]+)$/.exec(req.path)
    if (req.method === 'GET' && roomMatch) return this.room(decodeURIComponent(roomMatch[1]))
    return { statusCode: 404, data: { error: 'not_found', message: `${req.method} ${req.path}` } }
  }

  private login(req: ServerRequest): WxRequestAnswer {
    const code = (req.body as { code?: string } | undefined)?.code
    if (!code) return { statusCode: 400, data: { error: 'bad_request', message: 'code 不能为空', field: 'code' } }
    const token = `session-${this.sessions.size + 1}-${this.userId}`
    this.sessions.set(token, this.userId)
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

  private room(id: string): WxRequestAnswer {
    const room = this.rooms.get(id)
    if (!room) return { statusCode: 404, data: { error: 'room_not_found', message: '直播间不存在' } }
    const body: RoomDetailResponse = { room, shelfGoods: [] }
    return { statusCode: 200, data: body }
  }
}
