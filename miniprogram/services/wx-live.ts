/**
 * The WeChat client APIs around a live room: screen, permissions, app lifecycle and the live
 * component contexts. Components and pages reach the runtime only through here.
 */
import { pagePath } from '../core/page-routes'

export function keepScreenOn(on: boolean): void {
  wx.setKeepScreenOn({ keepScreenOn: on, fail: () => undefined })
}

/** Opens WeChat's settings page; resolves when the user comes back. */
export function openSettings(): Promise<void> {
  return new Promise((resolve) => {
    wx.openSetting({ complete: () => resolve() })
  })
}

/** Asks for one scope; resolves false when the user refuses (or refused before). */
export function authorize(scope: 'scope.camera' | 'scope.record'): Promise<boolean> {
  return new Promise((resolve) => {
    wx.authorize({ scope, success: () => resolve(true), fail: () => resolve(false) })
  })
}

export interface AppLifecycleHandlers {
  onShow(): void
  onHide(): void
  onInterruptionEnd(): void
}

/** Subscribes to foreground/background and audio interruptions; returns the unsubscribe. */
export function watchAppLifecycle(handlers: AppLifecycleHandlers): () => void {
  const show = (): void => handlers.onShow()
  const hide = (): void => handlers.onHide()
  const interruptionEnd = (): void => handlers.onInterruptionEnd()
  wx.onAppShow(show)
  wx.onAppHide(hide)
  wx.onAudioInterruptionEnd(interruptionEnd)
  return () => {
    wx.offAppShow(show)
    wx.offAppHide(hide)
    wx.offAudioInterruptionEnd(interruptionEnd)
  }
}

export function livePusherContext(): WechatMiniprogram.LivePusherContext {
  return wx.createLivePusherContext()
}

export function livePlayerContext(id: string, component: WechatMiniprogram.Component.TrivialInstance): WechatMiniprogram.LivePlayerContext {
  return wx.createLivePlayerContext(id, component)
}

export function goHome(): void {
  wx.switchTab({ url: pagePath('rooms') })
}

/** Ends the pull-down animation; WeChat leaves it spinning until told. */
export function stopPullDownRefresh(): void {
  wx.stopPullDownRefresh()
}

/** A short message over the page that goes by itself (text only: an icon would cut it to 7 characters). */
export function showMessage(title: string): void {
  wx.showToast({ title, icon: 'none', duration: 2000 })
}
