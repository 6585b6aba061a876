/**
 * Channels live (视频号直播) as the room list shows it: base-library gates, what each state and
 * reservation outcome means, and WeChat's errors in words (reference: replays-channels-admin.md §4).
 */

/** getChannelsLiveInfo / openChannelsLive from 2.15.0; notices and reservations from 2.19.0. */
export const CHANNELS_LIVE_MIN_SDK = '2.15.0'
export const CHANNELS_NOTICE_MIN_SDK = '2.19.0'

/** WeChat's compareVersion: -1, 0 or 1 for dotted version strings. */
export function compareVersion(a: string, b: string): number {
  const x = a.split('.')
  const y = b.split('.')
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (parseInt(x[i] ?? '0', 10) || 0) - (parseInt(y[i] ?? '0', 10) || 0)
    if (d !== 0) return d > 0 ? 1 : -1
  }
  return 0
}

/**
 * 100008 is documented both as a subject mismatch and as "视频号需要认证"; the words cover both,
 * since the shopper can do nothing about either and the merchant needs to know which to check.
 */
export function channelsErrorText(errCode: number | undefined, errMsg: string): string {
  if (errCode === 100008) return '视频号与本小程序不是同一主体（或视频号尚未认证），暂时无法在这里打开视频号直播'
  if (errCode === 1416100) return '视频号 ID 配置有误，暂时无法打开视频号直播'
  if (errCode === 1416104) return '视频号暂时没有直播信息'
  if (errCode === -14) return '开发者工具不支持视频号直播，请在手机上打开'
  return `视频号直播暂时无法打开（${errMsg || errCode || '未知原因'}）`
}

/** reserveChannelsLive's `state` after its popup closes. */
export function reserveStateText(state: number): string {
  switch (state) {
    case 2:
      return '直播已开始'
    case 3:
      return '直播预告已取消'
    case 4:
      return '直播已结束'
    case 6:
      return '已预约，开播时微信会提醒你'
    case 7:
      return '已取消预约'
    case 8:
      return '已预约，开播时微信会提醒你'
    case 10:
      return '直播预告已过期'
    default:
      return ''
  }
}

export type ChannelsView = 'hidden' | 'loading' | 'unsupported' | 'live' | 'notice' | 'ended' | 'preparing' | 'error'
