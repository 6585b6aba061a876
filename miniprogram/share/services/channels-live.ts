/**
 * wx's Channels live APIs behind base-library gates (canIUse and the SDK version), as promises
 * that reject with `{errCode, errMsg}` the way WeChat fails them.
 */
import { CHANNELS_LIVE_MIN_SDK, CHANNELS_NOTICE_MIN_SDK, compareVersion } from '../core/channels-live'

export interface ChannelsFailure {
  errCode?: number
  errMsg: string
}

export interface ChannelsSupport {
  live: boolean
  notice: boolean
}

export function channelsSupport(): ChannelsSupport {
  const sdk = wx.getAppBaseInfo ? wx.getAppBaseInfo().SDKVersion : wx.getSystemInfoSync().SDKVersion
  const atLeast = (min: string): boolean => compareVersion(sdk || '0', min) >= 0
  return {
    live: atLeast(CHANNELS_LIVE_MIN_SDK) && wx.canIUse('getChannelsLiveInfo') && wx.canIUse('openChannelsLive'),
    notice: atLeast(CHANNELS_NOTICE_MIN_SDK) && wx.canIUse('getChannelsLiveNoticeInfo') && wx.canIUse('reserveChannelsLive'),
  }
}

const failure = (err: WechatMiniprogram.GeneralCallbackResult & { errCode?: number }): ChannelsFailure => ({ errCode: err.errCode, errMsg: err.errMsg })

export function getChannelsLiveInfo(finderUserName: string): Promise<WechatMiniprogram.GetChannelsLiveInfoSuccessCallbackResult> {
  return new Promise((resolve, reject) => wx.getChannelsLiveInfo({ finderUserName, success: resolve, fail: (e) => reject(failure(e)) }))
}

export function getChannelsLiveNoticeInfo(finderUserName: string): Promise<WechatMiniprogram.GetChannelsLiveNoticeInfoSuccessCallbackResult> {
  return new Promise((resolve, reject) => wx.getChannelsLiveNoticeInfo({ finderUserName, success: resolve, fail: (e) => reject(failure(e)) }))
}

/** The typings give reserveChannelsLive no success result; its `state` is documented (reference §4.6). */
export function reserveChannelsLive(noticeId: string): Promise<number> {
  return new Promise((resolve, reject) =>
    wx.reserveChannelsLive({
      noticeId,
      success: (res) => resolve(Number((res as unknown as { state?: number }).state ?? 0)),
      fail: (e) => reject(failure(e)),
    }),
  )
}

/** Must run from a tap; WeChat shows its own confirm dialog first. */
export function openChannelsLive(finderUserName: string, feedId: string, nonceId: string): Promise<void> {
  return new Promise((resolve, reject) => wx.openChannelsLive({ finderUserName, feedId, nonceId, success: () => resolve(), fail: (e) => reject(failure(e)) }))
}
