/** The replay page's `<video>`: the one place it is driven through a VideoContext (seek on a jump or a refreshed URL). */
export function seekVideo(id: string, component: WechatMiniprogram.Component.TrivialInstance, seconds: number): void {
  wx.createVideoContext(id, component).seek(seconds)
}
