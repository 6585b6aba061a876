/**
 * The replay routes as the mini-program sees them, on top of the fake merchant server: GET
 * /api/rooms/:id/replays (shape from miniprogram/contract/replay-schemas.ts, as
 * server/src/replays/replay-routes.ts answers). Play URLs carry a version: `expire()` makes the server hand out
 * new ones, as a signed URL's expiry does, and the old ones then fail on the video.
 */
import type { RoomReplay, RoomReplaysResponse } from '../../miniprogram/contract/replay-schemas'
import type { Goods } from '../../miniprogram/core/api-types'
import type { FakeServer, ServerRequest } from './server-api'
import type { WxRequestAnswer } from './wx'

export class FakeReplayRoutes {
  readonly replays = new Map<string, RoomReplay[]>()
  /** Bumped by expire(): every URL answered after it is a new one. */
  version = 1
  expiresAt: number | null = null
  answered = 0
  /** POST /api/rooms/:id/explains bodies, in order, with the room they named. */
  readonly explainReports: { roomId: string; goodsId: unknown }[] = []

  constructor(
    private readonly server: FakeServer,
    private readonly shelf: () => Goods[],
  ) {
    server.extraRoutes.push((req) => this.route(req))
  }

  expire(nextExpiresAt: number | null): void {
    this.version += 1
    this.expiresAt = nextExpiresAt
  }

  /** What the video should be playing for a segment path now. */
  url(path: string): string {
    return `https://replays.cdn.example/${path}?auth_key=v${this.version}`
  }

  private route(req: ServerRequest): WxRequestAnswer | undefined {
    const explains = /^\/api\/rooms\/([^/]+)\/explains$/.exec(req.path)
    if (req.method === 'POST' && explains) {
      const roomId = decodeURIComponent(explains[1] ?? '')
      const goodsId = (req.body as { goodsId?: unknown } | undefined)?.goodsId
      this.explainReports.push({ roomId, goodsId })
      return { statusCode: 201, data: { recorded: true, sessionId: `live_${roomId}`, offsetMs: 0 } }
    }
    if (req.method !== 'GET') return undefined
    const ours = /^\/api\/rooms\/([^/]+)\/replays$/.exec(req.path)
    if (ours) return this.ours(decodeURIComponent(ours[1] ?? ''))
    return undefined
  }

  private ours(roomId: string): WxRequestAnswer {
    const room = this.server.rooms.get(roomId)
    if (!room) return { statusCode: 404, data: { error: 'not_found', message: 'room not found' } }
    this.answered += 1
    const replays = (this.replays.get(roomId) ?? []).map((r) => ({
      ...r,
      // Segment URLs are stored as paths here and signed per answer, as the server does.
      segments: r.segments.map((s) => ({ ...s, url: this.url(s.url), expiresAt: this.expiresAt })),
    }))
    const goods = this.shelf()
    // In shelf order, drafts left out, as the server answers a room's shelf.
    const shelfGoods = room.shelf.map((id) => goods.find((g) => g.id === id)).filter((g): g is Goods => g !== undefined && g.status !== 'draft')
    const body: RoomReplaysResponse = { roomId, title: room.title, replays, shelfGoods }
    return { statusCode: 200, data: body }
  }
}
