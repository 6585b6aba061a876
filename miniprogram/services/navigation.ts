/**
 * Page navigation between the room list, the live subpackages and WeChat's live plugin. Pages call
 * these instead of wx.navigateTo so that every route into a room is spelled once.
 */
import { goodsDetailPath } from '../core/goods-view'
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
  return navigateTo(`/live/viewer/index?roomId=${encodeURIComponent(roomId)}`)
}

/** The anchor console of a room the signed-in user hosts. */
export function openAnchorConsole(roomId: string): Promise<void> {
  return navigateTo(`/live/anchor/index?roomId=${encodeURIComponent(roomId)}`)
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
