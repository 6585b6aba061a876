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
  /** live-pusher gave up reconnecting: restart publishing ourselves. */
  pusherGaveUp: -1307,
  /** live-player gave up reconnecting: restart playback ourselves. */
  playerGaveUp: -2301,
  /** checkSystemRequirements: WeChat too old / camera or mic not authorised. */
  wechatTooOld: 10001,
  permissionDenied: 10002,
} as const

export function isKickedElsewhere(code: number): boolean {
  return code === ZegoCode.kickedSameUser || code === ZegoCode.kickedSameUserOld
}
