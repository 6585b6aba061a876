/**
 * The replay routes of the merchant server, for the live subpackage only (main-package code never
 * needs them): our rooms' recorded lives and the anchor console's explain reports that build the replay's timeline.
 */
import { call } from '../../services/api'
import { shelfGoodsFrom } from './live-api'
import type { ExplainReportResponse, RoomReplay, RoomReplaysResponse } from '../../core/api-types'
import type { ShelfGoods } from '../core/live-types'

export interface LoadedReplays {
  title: string
  replays: RoomReplay[]
  shelfGoods: ShelfGoods[]
}

/** A room of ours; WeChat's live rooms play their replays in the plugin's own room page. */
export async function fetchReplays(roomId: string): Promise<LoadedReplays> {
  const body = await call<RoomReplaysResponse>('GET', `/api/rooms/${encodeURIComponent(roomId)}/replays`)
  return { title: body.title, replays: body.replays, shelfGoods: body.shelfGoods.map(shelfGoodsFrom) }
}

/** The anchor console: what it explains now ('' = stopped), timed by the server in the running live. */
export function reportExplain(roomId: string, goodsId: string): Promise<ExplainReportResponse> {
  return call<ExplainReportResponse>('POST', `/api/rooms/${encodeURIComponent(roomId)}/explains`, { goodsId })
}
