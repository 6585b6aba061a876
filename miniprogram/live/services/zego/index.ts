/**
 * The ZEGO service: the app's one engine, its callbacks and the commands live pages call.
 * Type-only use of the SDK here; the runtime SDK is injected by engine-factory.ts (tests inject a fake).
 */
export { zegoLive, ZegoLiveService, onlineCountIntervalMs } from './live-service'
export { provideZegoEngineConstructor, hasZegoEngineConstructor, currentEngine } from './engine-manager'
export { registeredZegoEvents } from './engine-events'
export type { PusherHandle, PlayerHandle } from './media-handles'
export type { ZegoEngine, ZegoEngineConstructor } from './sdk-types'
