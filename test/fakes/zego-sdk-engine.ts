/**
 * The SDK surface of the fake ZegoExpressEngine: exactly the calls the app makes (ZegoEngine,
 * picked from the SDK's own typings), talking to the fake ZEGO cloud (zego-cloud.ts). Every call
 * lands in the cloud's ledger. The platform's faults and the room's events that tests play are
 * in zego-engine.ts, which is what tests import.
 *
 * Behaviour that follows the documented contract (zego-platform.md §2–3, §8):
 * - loginRoom fires roomStateChanged LOGINING / roomStateUpdate CONNECTING, then CONNECTED /
 *   LOGINED, then resolves true;
 * - startPublishingStream / startPlayingStream resolve a fresh URL and report *_REQUESTING;
 * - updatePlayerState with live-pusher 1002 / live-player 2004 reports PUBLISHING / PLAYING, as
 *   the SDK does from the component events it is given;
 * - stopPublishingStream / stopPlayingStream report NO_PUBLISH / NO_PLAY;
 * - setRoomExtraInfo writes to the cloud's extra info (its rules: zego-cloud.ts), answers a
 *   ZegoServerResponse, and delivers roomExtraInfoUpdate to every other fake engine in the room
 *   (never to the sender); a login receives the room's current extra info as a roomExtraInfoUpdate.
 */
import type { ZegoEngine, ZegoEngineConstructor } from '../../miniprogram/live/services/zego'
import type { ZegoEvent, ZegoServerResponse, ZegoUser } from '../../miniprogram/live/services/zego/sdk-types'
import type { RoomReason } from '../../miniprogram/live/core/live-types'
import { engineBehaviour, engineLedger, fakeRoomExtraInfo, writeRoomExtraInfo } from './zego-cloud'

export type EventName = keyof ZegoEvent
type Listener = (...args: never[]) => void

export const asReason = (r: Exclude<RoomReason, 'NONE'>): Parameters<ZegoEvent['roomStateChanged']>[1] =>
  r as unknown as Parameters<ZegoEvent['roomStateChanged']>[1]

/** Every engine made, in order; ZEGO's room rules need all the engines in a room. */
const engines: FakeZegoSdkEngine[] = []

export class FakeZegoSdkEngine implements ZegoEngine {
  private static lastId = 0

  readonly id = ++FakeZegoSdkEngine.lastId
  destroyed = false
  room: string | null = null
  user: ZegoUser | null = null
  readonly publishing = new Set<string>()
  readonly playing = new Set<string>()
  protected readonly listeners = new Map<EventName, Set<Listener>>()
  private urlSerial = 0

  constructor(
    readonly appID: number,
    readonly server: string | string[],
  ) {
    engines.push(this)
    engineLedger.record(this.id, 'new ZegoExpressEngine', [appID, server])
  }

  private static othersIn(room: string, self: FakeZegoSdkEngine): FakeZegoSdkEngine[] {
    return engines.filter((e) => !e.destroyed && e !== self && e.room === room)
  }

  private record(method: string, args: unknown[]): void {
    if (this.destroyed) throw new Error(`${method} called on a destroyed engine`)
    engineLedger.record(this.id, method, args)
  }

  // ---- the SDK surface -------------------------------------------------------------------------

  on<K extends EventName>(event: K, callBack: ZegoEvent[K]): boolean {
    this.record('on', [event])
    const set = this.listeners.get(event) ?? new Set<Listener>()
    set.add(callBack as unknown as Listener)
    this.listeners.set(event, set)
    return true
  }

  off<K extends EventName>(event: K, callBack?: ZegoEvent[K]): boolean {
    this.record('off', [event])
    if (callBack) this.listeners.get(event)?.delete(callBack as unknown as Listener)
    else this.listeners.delete(event)
    return true
  }

  setDebugVerbose(enable: boolean): void {
    this.record('setDebugVerbose', [enable])
  }

  async checkSystemRequirements(): Promise<{ code: number; msg: string }> {
    this.record('checkSystemRequirements', [])
    return { ...engineBehaviour.systemRequirements }
  }

  async loginRoom(roomID: string, token: string, user: { userID: string; userName?: string }, config?: { userUpdate?: boolean }): Promise<boolean> {
    this.record('loginRoom', [roomID, token, user, config])
    const answer = engineBehaviour.login
    this.fire('roomStateChanged', roomID, asReason('LOGINING'), 0, '')
    this.fire('roomStateUpdate', roomID, 'CONNECTING', 0, '')
    await Promise.resolve()
    if (answer !== true) {
      const code = answer === false ? 1002031 : answer.code
      this.fire('roomStateChanged', roomID, asReason('LOGIN_FAILED'), code, '')
      this.fire('roomStateUpdate', roomID, 'DISCONNECTED', code, '')
      if (answer === false) return false
      throw answer
    }
    this.room = roomID
    this.user = { userID: user.userID, userName: user.userName ?? user.userID }
    this.fire('roomStateUpdate', roomID, 'CONNECTED', 0, '')
    this.fire('roomStateChanged', roomID, asReason('LOGINED'), 0, '')
    // The SDK hands a member the room's extra info right after login.
    const info = fakeRoomExtraInfo.get(roomID)
    if (info && info.size > 0) this.fire('roomExtraInfoUpdate', roomID, [...info.values()])
    return true
  }

  logoutRoom(roomID?: string): void {
    this.record('logoutRoom', [roomID])
    const room = this.room ?? roomID ?? ''
    this.leaveRoom()
    this.fire('roomStateChanged', room, asReason('LOGOUT'), 0, '')
    this.fire('roomStateUpdate', room, 'DISCONNECTED', 0, '')
  }

  renewToken(token: string, roomID?: string): boolean {
    this.record('renewToken', [token, roomID])
    return engineBehaviour.renewAccepted
  }

  async startPublishingStream(streamID: string): Promise<{ streamID: string; url: string }> {
    this.record('startPublishingStream', [streamID])
    if (engineBehaviour.publishError) throw engineBehaviour.publishError
    this.publishing.add(streamID)
    this.fire('publisherStateUpdate', { streamID, state: 'PUBLISH_REQUESTING', errorCode: 0, extendedData: '' })
    return { streamID, url: `rtmp://fake.zego.im/live/${streamID}?n=${++this.urlSerial}` }
  }

  stopPublishingStream(streamID: string): boolean {
    this.record('stopPublishingStream', [streamID])
    const was = this.publishing.delete(streamID)
    if (was) this.fire('publisherStateUpdate', { streamID, state: 'NO_PUBLISH', errorCode: 0, extendedData: '' })
    return true
  }

  async startPlayingStream(streamID: string, playOption?: object): Promise<{ streamID: string; url: string }> {
    this.record('startPlayingStream', [streamID, playOption])
    this.playing.add(streamID)
    this.fire('playerStateUpdate', { streamID, state: 'PLAY_REQUESTING', errorCode: 0, extendedData: '' })
    return { streamID, url: `rtmp://fake.zego.im/play/${streamID}?n=${++this.urlSerial}` }
  }

  stopPlayingStream(streamID: string): void {
    this.record('stopPlayingStream', [streamID])
    if (this.playing.delete(streamID)) this.fire('playerStateUpdate', { streamID, state: 'NO_PLAY', errorCode: 0, extendedData: '' })
  }

  updatePlayerState(streamID: string, event: { detail?: { code?: number } }): void {
    this.record('updatePlayerState', [streamID, event?.detail?.code])
    const code = event?.detail?.code
    if (code === 1002 && this.publishing.has(streamID)) {
      this.fire('publisherStateUpdate', { streamID, state: 'PUBLISHING', errorCode: 0, extendedData: '' })
    }
    if (code === 2004 && this.playing.has(streamID)) {
      this.fire('playerStateUpdate', { streamID, state: 'PLAYING', errorCode: 0, extendedData: '' })
    }
  }

  updatePlayerNetStatus(streamID: string, event: unknown): void {
    this.record('updatePlayerNetStatus', [streamID, event])
  }

  async setRoomExtraInfo(roomID: string, key: string, value: string): Promise<ZegoServerResponse> {
    this.record('setRoomExtraInfo', [roomID, key, value])
    if (engineBehaviour.roomExtraInfoGate) await engineBehaviour.roomExtraInfoGate
    const info = writeRoomExtraInfo(roomID, key, value, this.room === roomID ? this.user : null)
    // Every other member hears of it; the SDK drops the echo of one's own change.
    for (const other of FakeZegoSdkEngine.othersIn(roomID, this)) other.fire('roomExtraInfoUpdate', roomID, info)
    return { errorCode: 0, extendedData: '' }
  }

  destroyEngine(): void {
    this.record('destroyEngine', [])
    this.leaveRoom()
    this.destroyed = true
  }

  /** Out of the room; ZEGO drops a room (and its extra info) when its last member goes. */
  protected leaveRoom(): void {
    const room = this.room
    this.room = null
    this.user = null
    if (room && FakeZegoSdkEngine.othersIn(room, this).length === 0) fakeRoomExtraInfo.delete(room)
  }

  /** Delivers an SDK event to every registered callback, as the SDK does. */
  fire<K extends EventName>(event: K, ...args: Parameters<ZegoEvent[K]>): void {
    for (const fn of [...(this.listeners.get(event) ?? [])]) (fn as unknown as (...a: Parameters<ZegoEvent[K]>) => void)(...args)
  }
}
