/**
 * The replay routes of the merchant server, for the live subpackage only (main-package code never
 * needs them): our rooms' recorded lives, WeChat rooms' replays in the same shape, and the
 * anchor console's explain reports that build the replay's timeline.
 */
import { call } from '../../services/api'
import { shelfGoodsFrom } from './live-api'
import type { ExplainReportResponse, RoomReplay, RoomReplaysResponse, WechatLiveReplaysResponse } from '../../core/api-types'
import type { ShelfGoods } from '../core/live-types'

export type ReplaySource = 'zego' | 'wechat'

export interface LoadedReplays {
  title: string
  replays: RoomReplay[]
  shelfGoods: ShelfGoods[]
}

export async function fetchReplays(source: ReplaySource, roomId: string): Promise<LoadedReplays> {
  if (source === 'wechat') {
    const body = await call<WechatLiveReplaysResponse>('GET', `/api/wechat-live/rooms/${encodeURIComponent(roomId)}/replays`)
    // WeChat gives a room's replay as files in time order, without a timeline of explains.
    const segments = [...body.replays]
      .sort((a, b) => a.createTime - b.createTime)
      .map((r) => ({ url: r.mediaUrl, startMs: r.createTime * 1000, durationMs: 0, sizeBytes: 0, expiresAt: r.expireTime > 0 ? r.expireTime : null }))
    const replays: RoomReplay[] = segments.length === 0 ? [] : [{ sessionId: `wechat-${roomId}`, startedMs: segments[0]!.startMs, endedMs: null, segments, explains: [], partial: false }]
    return { title: '', replays, shelfGoods: [] }
  }
  const body = await call<RoomReplaysResponse>('GET', `/api/rooms/${encodeURIComponent(roomId)}/replays`)
  return { title: body.title, replays: body.replays, shelfGoods: body.shelfGoods.map(shelfGoodsFrom) }
}

/** The anchor console: what it explains now ('' = stopped), timed by the server in the running live. */
export function reportExplain(roomId: string, goodsId: string): Promise<ExplainReportResponse> {
  return call<ExplainReportResponse>('POST', `/api/rooms/${encodeURIComponent(roomId)}/explains`, { goodsId })
}
