/**
 * The fake ZegoExpressEngine tests hand the app: the SDK surface (zego-sdk-engine.ts) plus the
 * controls a test plays the platform with. Tests fire any SDK event and the faults the platform
 * produces: reconnect, kick-out, token expiry, the pusher's and player's give-up codes.
 * - live comments reach the room as IMRecvBarrageMessage(roomID, [{messageID, message, sendTime,
 *   fromUser}]), broadcast by the merchant server, never to the member who sent them (`comments`).
 * - the server's custom commands (likes totals) reach the room as IMRecvCustomCommand(roomID,
 *   fromUser, command), never to a member logged in as the sender (`customCommand`).
 */
import type { ZegoEngineConstructor } from '../../miniprogram/live/services/zego'
import type { ZegoBarrageMessageInfo } from '../../miniprogram/live/services/zego/sdk-types'
import { roomExtraInfo, streamOf } from './zego-fixtures'
import { asReason, FakeZegoSdkEngine, type EventName } from './zego-sdk-engine'

export class FakeZegoEngine extends FakeZegoSdkEngine {
  static readonly instances: FakeZegoEngine[] = []

  constructor(appID: number, server: string | string[]) {
    super(appID, server)
    FakeZegoEngine.instances.push(this)
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
