/** Upstream getliveinfo objects → the contract types the mini-program reads. */
import type { WechatLiveGoods, WechatLiveReplay, WechatLiveRoom } from '../../../miniprogram/contract/wechat-live-schemas'
import { describeWechatLiveStatus } from '../../../miniprogram/contract/wechat-live-status'
import type { UpstreamLiveGoods, UpstreamLiveRoom, UpstreamReplay } from './live-info-types'

/** WeChat prices are yuan with up to two decimals; rounding avoids 19.99 * 100 = 1998.9999. */
export const yuanToFen = (yuan: number | undefined): number => (typeof yuan === 'number' && Number.isFinite(yuan) ? Math.round(yuan * 100) : 0)

function mapGoods(g: UpstreamLiveGoods): WechatLiveGoods {
  return {
    goodsId: typeof g.goods_id === 'number' ? g.goods_id : null,
    name: g.name ?? '',
    coverImg: g.cover_img ?? '',
    url: g.url ?? '',
    priceType: g.price_type ?? 1,
    priceFen: yuanToFen(g.price),
    price2Fen: yuanToFen(g.price2),
  }
}

export function mapLiveRoom(room: UpstreamLiveRoom, nowSeconds: number): WechatLiveRoom {
  const status = describeWechatLiveStatus(room.live_status, room.end_time, nowSeconds)
  return {
    roomId: room.roomid,
    name: room.name,
    coverImg: room.cover_img ?? '',
    shareImg: room.share_img ?? '',
    liveStatus: status.code,
    category: status.category,
    statusLabel: status.label,
    startTime: room.start_time,
    endTime: room.end_time,
    anchorName: room.anchor_name ?? '',
    goods: (room.goods ?? []).map(mapGoods),
  }
}

/** Replay timestamps come as strings or numbers and are sometimes absurd (year 2106); pass them on as numbers. */
export function mapReplay(replay: UpstreamReplay): WechatLiveReplay {
  return { mediaUrl: replay.media_url, createTime: Number(replay.create_time) || 0, expireTime: Number(replay.expire_time) || 0 }
}
