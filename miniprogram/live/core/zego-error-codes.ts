/** ZEGO and WeChat live codes the app reacts to (reference: zego-platform.md §4.1, §8.4). */
export const ZegoCode = {
  /** Same userID logged in on another device (renamed 1002086 in SDK 3.11). */
  kickedSameUserOld: 1002050,
  kickedSameUser: 1002086,
  /** Kicked by the server's KickoutUser. */
  kickedByServer: 1002055,
  tokenExpired: 1102018,
  tokenMalformed: 1102016,
  networkDisconnected: 1000017,
  /** setRoomExtraInfo: the room allows one key and another was set first. */
  roomExtraInfoKeyLimit: 1002017,
  /** live-pusher gave up reconnecting: restart publishing ourselves. */
  pusherGaveUp: -1307,
  /** live-player gave up reconnecting: restart playback ourselves. */
  playerGaveUp: -2301,
  /** checkSystemRequirements: WeChat too old / camera or mic not authorised. */
  wechatTooOld: 10001,
  permissionDenied: 10002,
} as const

/** live-pusher's binderror codes (WeChat's live-pusher documentation). */
export const LivePusherError = {
  cameraRefused: 10001,
  microphoneRefused: 10002,
} as const

export function isKickedElsewhere(code: number): boolean {
  return code === ZegoCode.kickedSameUser || code === ZegoCode.kickedSameUserOld
}

/**
 * What a stream failure the SDK reports means, in words for the person in front of the page
 * (reference: zego-platform.md §4.1). The page adds what to do (重新加载 / 重新开播).
 */
const STREAM_FAILURES: Record<number, string> = {
  1000002: '还没有进入直播间',
  [ZegoCode.networkDisconnected]: '网络已断开',
  [ZegoCode.tokenExpired]: '登录凭证已过期',
  [ZegoCode.tokenMalformed]: '登录凭证无效',
  1004002: '主播的画面已不存在，可能已下播',
  1104039: '画面播放失败（重复播放或直播间已关闭）',
  1003025: '推流被 ZEGO 后台禁止',
  1003028: '同一路流已在直播间里（可能在另一台设备上开播了）',
  1103051: '推流重试超时',
  [ZegoCode.pusherGaveUp]: '网络不稳定，推流中断',
  [ZegoCode.playerGaveUp]: '网络不稳定，画面中断',
}

export function streamFailureMessage(code: number): string {
  return STREAM_FAILURES[code] ?? `直播出错（错误码 ${code}）`
}
