/**
 * Components taken from another subpackage (分包异步化, e.g. the buy popup from `shop/`) render as
 * their placeholder until that subpackage has downloaded. When the download fails the placeholder
 * stays, and a tap on 立即购买 would seem to do nothing: say what happened and what to do instead.
 */

/** What the shopper reads when a subpackage's components could not be downloaded. */
export const LAZY_LOAD_FAILED = '网络不佳，功能未加载，请重进页面'

export function watchLazyLoadErrors(): void {
  // wx.onLazyLoadError needs base library 2.24.3; older clients keep the placeholder silently.
  if (typeof wx.onLazyLoadError !== 'function') return
  wx.onLazyLoadError((res) => {
    console.warn('subpackage component failed to load', res.subpackage, res.errMsg)
    wx.showToast({ title: LAZY_LOAD_FAILED, icon: 'none', duration: 3000 })
  })
}
