/**
 * What the ZEGO SDK hands a mini-program, built for tests: room extra info entries, barrage
 * messages, stream lists and the publish / play quality stats.
 */
import type {
  ZegoBarrageMessageInfo,
  ZegoPlayStats,
  ZegoPublishStats,
  ZegoRoomExtraInfo,
  ZegoStreamList,
} from '../../miniprogram/live/services/zego/sdk-types'

export function roomExtraInfo(key: string, value: string, userID = 'someone', updateTime = 1_700_000_000_000): ZegoRoomExtraInfo {
  return { key, value, updateUser: { userID, userName: userID }, updateTime }
}

/** One barrage message as the SDK hands it over; the server names the sender 主播 / 观众xxxx. */
export function barrageMessage(messageID: string, message: string, userID = 'viewer-9876', userName = `观众${userID.slice(-4)}`, sendTime = 1_700_000_000_000): ZegoBarrageMessageInfo {
  return { messageID, message, sendTime, fromUser: { userID, userName } }
}

export function streamOf(streamID: string, userID: string): ZegoStreamList {
  return { streamID, user: { userID, userName: userID }, extraInfo: '', urlsFLV: '', urlsRTMP: '', urlsHLS: '', urlsHttpsFLV: '', urlsHttpsHLS: '' }
}

export function publishStats(fps: number, lossRate: number): ZegoPublishStats {
  return {
    video: { frameHeight: 1280, frameWidth: 720, googCodecName: 'H264', muteState: '0', videoBitrate: 1200, videoFPS: fps, videoPacketsLost: 0, videoPacketsLostRate: lossRate, videoTransferFPS: fps, videoQuality: 0 },
    audio: { audioBitrate: 48, audioCodec: 'opus', audioPacketsLost: 0, audioPacketsLostRate: lossRate, googCodecName: 'opus', muteState: '0', audioFPS: 50, audioQuality: 0 },
  }
}

export function playStats(fps: number, lossRate: number): ZegoPlayStats {
  return {
    video: { frameHeight: 1280, frameWidth: 720, googCodecName: 'H264', muteState: '0', videoBitrate: 1200, videoFPS: fps, videoPacketsLost: 0, videoPacketsLostRate: lossRate, videoTransferFPS: fps, videoQuality: 0, videoFramesDecoded: 1 },
    audio: { audioBitrate: 48, audioCodec: 'opus', audioJitter: 0, audioLevel: 1, audioPacketsLost: 0, audioPacketsLostRate: lossRate, audioQuality: 0, audioSamplingRate: 48000, muteState: '0', audioFPS: 50 },
  }
}
