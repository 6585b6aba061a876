/**
 * A fake ZegoExpressEngine implementing exactly the surface the app uses (ZegoEngine, picked from
 * the SDK's own typings), talking to the fake ZEGO cloud (zego-cloud.ts). Every call lands in the
 * cloud's ledger; tests fire any SDK event and the faults the platform produces: reconnect,
 * kick-out, token expiry, the pusher's and player's give-up codes.
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
 * - live comments reach the room as IMRecvBarrageMessage(roomID, [{messageID, message, sendTime,
 *   fromUser}]), broadcast by the merchant server, never to the member who sent them (`comments`).
 * - the server's custom commands (likes totals) reach the room as IMRecvCustomCommand(roomID,
 *   fromUser, command), never to a member logged in as the sender (`customCommand`).
 */
import type { ZegoEngine, ZegoEngineConstructor } from '../../miniprogram/live/services/zego'
import type { ZegoBarrageMessageInfo, ZegoEvent, ZegoServerResponse, ZegoUser } from '../../miniprogram/live/services/zego/sdk-types'
import type { RoomReason } from '../../miniprogram/live/core/live-types'
import { engineBehaviour, engineLedger, fakeRoomExtraInfo, writeRoomExtraInfo } from './zego-cloud'
import { roomExtraInfo, streamOf } from './zego-fixtures'

type EventName = keyof ZegoEvent
type Listener = (...args: never[]) => void

const asReason = (r: Exclude<RoomReason, 'NONE'>): Parameters<ZegoEvent['roomStateChanged']>[1] =>
  r as unknown as Parameters<ZegoEvent['roomStateChanged']>[1]

export class FakeZegoEngine implements ZegoEngine {
  static readonly instances: FakeZegoEngine[] = []
  private static lastId = 0

  readonly id = ++FakeZegoEngine.lastId
  destroyed = false
  room: string | null = null
  user: ZegoUser | null = null
  readonly publishing = new Set<string>()
  readonly playing = new Set<string>()
  private readonly listeners = new Map<EventName, Set<Listener>>()
  private urlSerial = 0

  constructor(
    readonly appID: number,
    readonly server: string | string[],
  ) {
    FakeZegoEngine.instances.push(this)
    engineLedger.record(this.id, 'new ZegoExpressEngine', [appID, server])
  }

  static alive(): FakeZegoEngine[] {
    return FakeZegoEngine.instances.filter((e) => !e.destroyed)
  }

  /** The one live engine; throws when there is none or more than one. */
  static current(): FakeZegoEngine {
    const alive = FakeZegoEngine.alive()
    if (alive.length !== 1) throw new Error(`expected one live engine, found ${alive.length}`)
    return alive[0]
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
    for (const other of FakeZegoEngine.alive()) {
      if (other !== this && other.room === roomID) other.fire('roomExtraInfoUpdate', roomID, info)
    }
    return { errorCode: 0, extendedData: '' }
  }

  destroyEngine(): void {
    this.record('destroyEngine', [])
    this.leaveRoom()
    this.destroyed = true
  }

  /** Out of the room; ZEGO drops a room (and its extra info) when its last member goes. */
  private leaveRoom(): void {
    const room = this.room
    this.room = null
    this.user = null
    if (room && !FakeZegoEngine.alive().some((e) => e !== this && e.room === room)) fakeRoomExtraInfo.delete(room)
  }

  // ---- test controls ---------------------------------------------------------------------------

  listenerCount(event?: EventName): number {
    if (event) return this.listeners.get(event)?.size ?? 0
    let n = 0
    for (const set of this.listeners.values()) n += set.size
    return n
  }

  registeredEvents(): EventName[] {
    return [...this.listeners.entries()].filter(([, s]) => s.size > 0).map(([k]) => k)
  }

  /** Delivers an SDK event to every registered callback, as the SDK does. */
  fire<K extends EventName>(event: K, ...args: Parameters<ZegoEvent[K]>): void {
    for (const fn of [...(this.listeners.get(event) ?? [])]) (fn as unknown as (...a: Parameters<ZegoEvent[K]>) => void)(...args)
  }

  private get roomId(): string {
    if (!this.room) throw new Error('not in a room')
    return this.room
  }

  networkLost(): void {
    this.fire('roomStateChanged', this.roomId, asReason('RECONNECTING'), 1000017, '')
    this.fire('roomStateUpdate', this.roomId, 'CONNECTING', 1000017, '')
  }

  reconnected(): void {
    this.fire('roomStateUpdate', this.roomId, 'CONNECTED', 0, '')
    this.fire('roomStateChanged', this.roomId, asReason('RECONNECTED'), 0, '')
  }

  reconnectFailed(): void {
    const room = this.roomId
    this.leaveRoom()
    this.fire('roomStateChanged', room, asReason('RECONNECT_FAILED'), 1002053, '')
    this.fire('roomStateUpdate', room, 'DISCONNECTED', 1002053, '')
  }

  /** 1002050 / 1002086: the same user logged in elsewhere; 1002055: kicked by the server. */
  kickOut(code: number): void {
    const room = this.roomId
    this.leaveRoom()
    this.fire('roomStateChanged', room, asReason('KICKOUT'), code, '')
    this.fire('roomStateUpdate', room, 'DISCONNECTED', code, '')
  }

  tokenWillExpire(): void {
    this.fire('tokenWillExpire', this.roomId)
  }

  tokenExpired(): void {
    const room = this.roomId
    this.leaveRoom()
    this.fire('roomStateUpdate', room, 'DISCONNECTED', 1102018, '')
  }

  pusherGaveUp(streamID: string): void {
    this.fire('publisherStateUpdate', { streamID, state: 'NO_PUBLISH', errorCode: -1307, extendedData: '' })
  }

  /** The player stops with one of the SDK's play error codes (1004002 stream gone, 1104039, 1102018…). */
  playerFailed(streamID: string, errorCode: number): void {
    this.fire('playerStateUpdate', { streamID, state: 'NO_PLAY', errorCode, extendedData: '' })
  }

  /** The pusher stops with one of the SDK's publish error codes (1003025 forbidden, 1003028, 1103051…). */
  pusherFailed(streamID: string, errorCode: number): void {
    this.fire('publisherStateUpdate', { streamID, state: 'NO_PUBLISH', errorCode, extendedData: '' })
  }

  playerGaveUp(streamID: string): void {
    this.fire('playerStateUpdate', { streamID, state: 'NO_PLAY', errorCode: -2301, extendedData: '' })
  }

  streamAdded(streamID: string, userID: string): void {
    this.fire('roomStreamUpdate', this.roomId, 'ADD', [streamOf(streamID, userID)], '')
  }

  streamDeleted(streamID: string, userID: string): void {
    this.fire('roomStreamUpdate', this.roomId, 'DELETE', [streamOf(streamID, userID)], '')
  }

  onlineCount(count: number): void {
    this.fire('roomOnlineUserCountUpdate', this.roomId, count)
  }

  /** Comments others sent, delivered in one IMRecvBarrageMessage (to another room when `roomID` says so). */
  comments(list: ZegoBarrageMessageInfo[], roomID = this.roomId): void {
    this.fire('IMRecvBarrageMessage', roomID, list)
  }

  /** A custom command sent to the room (SendCustomCommand); ZEGO drops it for a member logged in as its sender. */
  customCommand(fromUserID: string, command: string, roomID = this.roomId): void {
    if (this.user?.userID === fromUserID) return
    this.fire('IMRecvCustomCommand', roomID, { userID: fromUserID, userName: fromUserID }, command)
  }

  /** Another member changed the room's extra info (the list carries every key, as the SDK's does). */
  extraInfoUpdated(key: string, value: string, fromUserID = 'anchor-elsewhere'): void {
    this.fire('roomExtraInfoUpdate', this.roomId, [roomExtraInfo(key, value, fromUserID)])
  }
}

/** Proof for the type checker that the fake can stand where the SDK's constructor is expected. */
export const FakeZegoEngineConstructor: ZegoEngineConstructor = FakeZegoEngine
