/**
 * Page navigation between the room list, the live subpackages and WeChat's live plugin. Pages call
 * these instead of wx.navigateTo so that every route into a room is spelled once.
 */

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
 * A WeChat official live room goes through the wxlive subpackage's bridge page: the plugin is
 * declared only there, so only a page of that subpackage can open the plugin's room page.
 */
export function openWechatLiveRoom(roomId: number): Promise<void> {
  return navigateTo(`/wxlive/room/index?roomId=${roomId}`)
}
