/**
 * Page navigation between the room list, the live subpackages and WeChat's live plugin. Pages call
 * these instead of wx.navigateTo so that every route into a room is spelled once.
 */
import { anchorPath, goodsDetailPath, pagePath, PageRoute, posterPath, replayPath, viewerPath } from '../core/page-routes'
import { wechatRoomEntryPath, type WechatRoomPreview } from '../core/wechat-room-entry'

/** Resolves when WeChat opened the page; rejects with WeChat's errMsg (e.g. the page stack is full). */
export function navigateTo(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    wx.navigateTo({
      url,
      success: () => resolve(),
      fail: (err) => reject(new Error(err.errMsg)),
    })
  })
}

/** Our own room on ZEGO, in the live subpackage. */
export function openZegoRoom(roomId: string): Promise<void> {
  return navigateTo(viewerPath(roomId))
}

/** The replay of an ended room of ours, in the live subpackage. */
export function openZegoReplay(roomId: string): Promise<void> {
  return navigateTo(replayPath(roomId))
}

/** A room's poster (share subpackage): its code, to save to the album or send on. */
export function openRoomPoster(roomId: string): Promise<void> {
  return navigateTo(posterPath(roomId))
}

/** The anchor console of a room the signed-in user hosts. */
export function openAnchorConsole(roomId: string): Promise<void> {
  return navigateTo(anchorPath(roomId))
}

/**
 * A WeChat official live room goes through the wxlive subpackage's room page: the plugin is
 * declared only there, so only a page of that subpackage can open the plugin's room page or use
 * its subscribe component. What the caller knows of the room travels along, so that page can show
 * an upcoming room without a request of its own.
 */
export function openWechatLiveRoom(room: WechatRoomPreview): Promise<void> {
  return navigateTo(wechatRoomEntryPath(room))
}

/** A goods page; a live room passes its own ID so that the goods page offers the way back to it. */
export function openGoodsDetail(goodsId: string, roomId?: string): Promise<void> {
  return navigateTo(goodsDetailPath(goodsId, roomId))
}

/**
 * Back to the page underneath. From a goods page this is the only safe way back to a live room:
 * it keeps the room and WeChat's mini-window alive, where switchTab or reLaunch would end them.
 * Rejects with WeChat's errMsg when there is no page behind.
 */
export function navigateBack(): Promise<void> {
  return new Promise((resolve, reject) => {
    wx.navigateBack({
      delta: 1,
      success: () => resolve(),
      fail: (err) => reject(new Error(err.errMsg)),
    })
  })
}

/** Opened straight from a share card or a scan: there is no page behind to go back to. */
export function isFirstPage(): boolean {
  return getCurrentPages().length <= 1
}

// ---- the shop subpackage ---------------------------------------------------------------------

export type PaymentOutcomeQuery = 'paid' | 'cancelled' | 'failed'

/** The result page after a payment attempt; `roomId` when the purchase started in a live room. */
export function orderResultPath(orderId: string, outcome: PaymentOutcomeQuery, roomId?: string, message?: string): string {
  return pagePath('orderResult', { orderId, outcome, room_id: roomId, message })
}

export function openOrderResult(orderId: string, outcome: PaymentOutcomeQuery, roomId?: string, message?: string): Promise<void> {
  return navigateTo(orderResultPath(orderId, outcome, roomId, message))
}

/** A payment made again from the result or the order page replaces that page, so back stays short. */
export function replaceWithOrderResult(orderId: string, outcome: PaymentOutcomeQuery, roomId?: string, message?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    wx.redirectTo({
      url: orderResultPath(orderId, outcome, roomId, message),
      success: () => resolve(),
      fail: (err) => reject(new Error(err.errMsg)),
    })
  })
}

/** 我的订单, on one of ORDER_TABS' keys (待付款 by default). */
export function openOrders(tab?: string): Promise<void> {
  return navigateTo(pagePath('orders', { tab }))
}

export function openOrderDetail(orderId: string): Promise<void> {
  return navigateTo(pagePath('orderDetail', { orderId }))
}

export function openRefund(orderId: string): Promise<void> {
  return navigateTo(pagePath('refund', { orderId }))
}

/** How many pages lie between the current page and the live room below it, or 0 if none does. */
export function pagesAboveLiveRoom(): number {
  const stack = getCurrentPages()
  for (let i = stack.length - 2; i >= 0; i--) {
    if (stack[i]?.route === PageRoute.viewer) return stack.length - 1 - i
  }
  return 0
}

/**
 * Back down to the live room the purchase started in: navigateBack keeps the room, its stream
 * and WeChat's mini-window alive. Rejects when no room lies underneath.
 */
export function backToLiveRoom(): Promise<void> {
  const delta = pagesAboveLiveRoom()
  if (delta === 0) return Promise.reject(new Error('no live room underneath'))
  return new Promise((resolve, reject) => {
    wx.navigateBack({ delta, success: () => resolve(), fail: (err) => reject(new Error(err.errMsg)) })
  })
}
