/** `wxa/business/getliveinfo` as WeChat documents it (wechat-live-platform.md 3.1, 3.3). */
import type { WechatResponseBase } from './wechat-http'

export interface UpstreamLiveGoods {
  goods_id?: number
  cover_img?: string
  url?: string
  name?: string
  price?: number
  price2?: number
  price_type?: number
}

export interface UpstreamLiveRoom {
  name: string
  roomid: number
  cover_img?: string
  share_img?: string
  live_status: number
  start_time: number
  end_time: number
  anchor_name?: string
  goods?: UpstreamLiveGoods[]
  total?: number
}

export interface GetLiveInfoResponse extends WechatResponseBase {
  room_info?: UpstreamLiveRoom[]
  total?: number
}

export interface UpstreamReplay {
  expire_time: string | number
  create_time: string | number
  media_url: string
}

export interface GetReplayResponse extends WechatResponseBase {
  live_replay?: UpstreamReplay[]
  total?: number
}

/** errcode 1 (older accounts) and 9410000 (current) both mean "no rooms", a valid empty answer. */
export const EMPTY_LIST_ERRCODES: readonly number[] = [1, 9410000]
