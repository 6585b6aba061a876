/**
 * The share routes of the merchant server as the mini-program sees them (contract/share-schemas.ts):
 * POST /api/shares issues a token naming its sharer, POST /api/share-opens records an open by
 * someone else (400 invalid_share_token for a token it never issued), the room-code routes map a
 * scene to a room and its maker, and GET /api/client-config serves the Channels ID. Every call is
 * in the FakeServer's request list; opens and codes are kept here for assertions.
 */
import type { ClientConfigResponse, RoomCodeResponse, SceneTargetResponse, ShareOpenResponse } from '../../miniprogram/contract/share-schemas'
import type { FakeServer, ServerRequest } from './server-api'
import type { WxRequestAnswer } from './wx'

interface IssuedToken {
  sharer: string
  roomId?: string
  goodsId?: string
  wechatRoomId?: number
}

export interface RecordedOpen {
  sharer: string
  opener: string
  channel: string
  roomId?: string
  goodsId?: string
  wechatRoomId?: number
}

export class FakeShareRoutes {
  readonly tokens = new Map<string, IssuedToken>()
  readonly opens: RecordedOpen[] = []
  /** scene → what it opens; filled by POST /api/room-codes or by a test. */
  readonly codes = new Map<string, { kind: 'room' | 'wechat'; target: string; sharer: string }>()
  channelsFinderUserName: string | null = null
  /** Tokens are long enough to look like the server's (`s1.<payload>.<mac>`). */
  tokenPadding = 100

  install(server: FakeServer): this {
    server.extraRoutes.push((req, user) => this.answer(req, user))
    return this
  }

  tokenFor(t: IssuedToken): string {
    const token = `s1.${Buffer.from(JSON.stringify(t)).toString("base64url")}.${"m".repeat(this.tokenPadding)}`
    this.tokens.set(token, t)
    return token
  }

  private answer(req: ServerRequest, user: string): WxRequestAnswer | undefined {
    const body = (req.body ?? {}) as Record<string, unknown>
    if (req.method === 'POST' && req.path === '/api/shares') {
      const { roomId, goodsId, wechatRoomId } = body as { roomId?: string; goodsId?: string; wechatRoomId?: number }
      if (roomId === undefined && goodsId === undefined && wechatRoomId === undefined) return { statusCode: 400, data: { error: 'bad_request', message: 'name something', field: 'roomId' } }
      return { statusCode: 200, data: { shareToken: this.tokenFor({ sharer: user, roomId, goodsId, wechatRoomId }) } }
    }
    if (req.method === 'POST' && req.path === '/api/share-opens') {
      const issued = this.tokens.get(String(body.shareToken))
      if (!issued) return { statusCode: 400, data: { error: 'invalid_share_token', message: 'the share token is not genuine or has expired', field: 'shareToken' } }
      const recorded = issued.sharer !== user
      if (recorded) this.opens.push({ sharer: issued.sharer, opener: user, channel: String(body.channel), roomId: issued.roomId, goodsId: issued.goodsId, wechatRoomId: issued.wechatRoomId })
      const answer: ShareOpenResponse = { recorded, ...(issued.roomId ? { roomId: issued.roomId } : {}), ...(issued.goodsId ? { goodsId: issued.goodsId } : {}) }
      return { statusCode: 200, data: answer }
    }
    if (req.method === 'POST' && req.path === '/api/room-codes') {
      const kind = body.roomId !== undefined ? 'room' : 'wechat'
      const target = String(body.roomId ?? body.wechatRoomId)
      const scene = `c${kind}${target}`.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 32)
      this.codes.set(scene, { kind, target, sharer: user })
      const answer: RoomCodeResponse = { scene, page: 'share/entry/index', contentType: 'image/jpeg', imageBase64: Buffer.from(`code:${scene}`).toString('base64') }
      return { statusCode: 200, data: answer }
    }
    const scene = /^\/api\/room-codes\/([^/]+)$/.exec(req.path)
    if (req.method === 'GET' && scene) {
      const code = this.codes.get(decodeURIComponent(scene[1] ?? ''))
      if (!code) return { statusCode: 404, data: { error: 'not_found', message: 'this code is not known', field: 'scene' } }
      const answer: SceneTargetResponse =
        code.kind === 'room'
          ? { kind: 'room', roomId: code.target, shareToken: this.tokenFor({ sharer: code.sharer, roomId: code.target }) }
          : { kind: 'wechat', wechatRoomId: Number(code.target), shareToken: this.tokenFor({ sharer: code.sharer, wechatRoomId: Number(code.target) }) }
      return { statusCode: 200, data: answer }
    }
    if (req.method === 'GET' && req.path === '/api/client-config') {
      const answer: ClientConfigResponse = { channelsFinderUserName: this.channelsFinderUserName }
      return { statusCode: 200, data: answer }
    }
    return undefined
  }
}
