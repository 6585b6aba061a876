/**
 * The ZEGO SDK surface the app uses, typed from the SDK's own declarations (3.6.0). Type-only:
 * the runtime constructor is injected by engine-factory.ts (or a test's fake engine), so nothing
 * but that file loads the SDK.
 */
import type { ZegoExpressEngine } from 'zego-express-engine-miniprogram'
import type {
  ZegoEvent,
  ZegoPlayerState,
  ZegoPublisherState,
} from 'zego-express-engine-miniprogram/sdk/code/zh/ZegoExpressEntity.wechat'
import type { ZegoRoomStateChangedReason } from 'zego-express-engine-miniprogram/sdk/code/zh/ZegoExpressEntity.rtm'
import type { PlayState, PublishState, RoomConnection, RoomReason } from '../../core/live-types'

export type { ZegoEvent, ZegoPlayerState, ZegoPublisherState }
export type { ZegoStreamList, ZegoPublishStats, ZegoPlayStats, ZegoWxPublishOption, ZegoWxPlayOption } from 'zego-express-engine-miniprogram/sdk/code/zh/ZegoExpressEntity.wechat'
export type { ZegoUser, ZegoRoomConfig, ZegoRoomExtraInfo, ZegoServerResponse, ZegoBarrageMessageInfo } from 'zego-express-engine-miniprogram/sdk/code/zh/ZegoExpressEntity.rtm'

/** Exactly the engine methods the app calls; the fake engine implements this and nothing more. */
export type ZegoEngine = Pick<
  ZegoExpressEngine,
  | 'on'
  | 'off'
  | 'setDebugVerbose'
  | 'checkSystemRequirements'
  | 'loginRoom'
  | 'logoutRoom'
  | 'renewToken'
  | 'startPublishingStream'
  | 'stopPublishingStream'
  | 'startPlayingStream'
  | 'stopPlayingStream'
  | 'updatePlayerState'
  | 'updatePlayerNetStatus'
  | 'setRoomExtraInfo'
  | 'destroyEngine'
>

/** What the live subpackage hands to the service: `new ZegoExpressEngine(appID, server)`. */
export type ZegoEngineConstructor = new (appID: number, server: string | string[]) => ZegoEngine

export type ZegoEventName = keyof ZegoEvent

// Compile-time proof that the app's own unions (core/live-types.ts) are the SDK's.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const sameStates: [
  Same<PublishState, ZegoPublisherState['state']>,
  Same<PlayState, ZegoPlayerState['state']>,
  Same<RoomConnection, Parameters<ZegoEvent['roomStateUpdate']>[1]>,
  Same<Exclude<RoomReason, 'NONE'>, `${ZegoRoomStateChangedReason}`>,
] = [true, true, true, true]
void sameStates
