/**
 * Goods, rooms and WeChat live rooms as the merchant server answers them (shapes from
 * miniprogram/core/api-types.ts), for the page tests to stock the fake server with.
 */
import type { Goods, Room, WechatLiveRoom } from '../../miniprogram/core/api-types'
import { describeWechatLiveStatus, type WechatLiveStatus } from '../../miniprogram/contract/wechat-live-status'

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
