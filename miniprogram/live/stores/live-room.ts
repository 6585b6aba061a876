/**
 * The live room as the UI sees it: the single source of truth for the anchor console and the
 * viewer room. Fed only by services/zego (SDK callbacks and command results); never calls wx.*.
 * The state and the values pages bind are in live-room-state.ts; this class adds the actions.
 */
import { action, makeObservable, type AnnotationMapEntry } from 'mobx-miniprogram'
import type {
  LiveFailure,
  LiveRole,
  PermissionState,
  PlayState,
  PublishState,
  QualityLevel,
  RoomConnection,
  RoomInfo,
  RoomReason,
  RoomStream,
} from '../core/live-types'
import type { ExplainFailure } from '../core/explain'
import { idleRoom, LiveRoomState } from './live-room-state'

type ActionName = Exclude<keyof LiveRoomStore, keyof LiveRoomState>

export class LiveRoomStore extends LiveRoomState {
  constructor() {
    super()
    // Bound, so that an action handed on as a callback still updates this store; like the state's
    // list, a method missing here is a compile error.
    const annotations: Record<ActionName, AnnotationMapEntry> = {
      begin: action.bound,
      end: action.bound,
      setInfo: action.bound,
      setEntering: action.bound,
      setPermission: action.bound,
      fail: action.bound,
      clearFailure: action.bound,
      explainUpdated: action.bound,
      explainFailed: action.bound,
      clearExplainFailure: action.bound,
      clearExplain: action.bound,
      roomStateUpdated: action.bound,
      roomStateChanged: action.bound,
      setWantLive: action.bound,
      publishRequested: action.bound,
      publisherStateUpdated: action.bound,
      publishQualityUpdated: action.bound,
      publishStopped: action.bound,
      streamsAdded: action.bound,
      streamsRemoved: action.bound,
      playRequested: action.bound,
      playerStateUpdated: action.bound,
      playQualityUpdated: action.bound,
      playStopped: action.bound,
      onlineCountUpdated: action.bound,
    }
    makeObservable<LiveRoomStore>(this, annotations)
  }

  // ---- actions -------------------------------------------------------------------------------

  /** A live page starts a session for a room (or re-enters it, keeping the permission result). */
  begin(role: LiveRole, roomId: string, keepPermission = false): void {
    if (!keepPermission) this.permission = 'unknown'
    this.role = role
    this.info = null
    this.room = { ...idleRoom, id: roomId }
    this.publish = null
    this.plays = {}
    this.streams = []
    this.onlineCount = 0
    this.failure = null
    this.entering = false
    this.wantLive = false
    this.liveSince = null
    this.anchorSeen = false
    this.clearExplain()
  }

  /** The session ended and every stream is stopped. Keeps role/info so the last screen stays readable. */
  end(): void {
    this.room = { ...this.room, state: 'DISCONNECTED', reason: 'LOGOUT', errorCode: 0 }
    this.publish = null
    this.plays = {}
    this.streams = []
    this.wantLive = false
    this.entering = false
    this.clearExplain()
    // The next page checks again; a stale 'granted' would start a preview before that check.
    this.permission = 'unknown'
  }

  setInfo(info: RoomInfo): void {
    this.info = info
  }

  setEntering(entering: boolean): void {
    this.entering = entering
  }

  setPermission(permission: PermissionState): void {
    this.permission = permission
  }

  fail(failure: LiveFailure): void {
    this.failure = failure
    this.entering = false
  }

  clearFailure(): void {
    this.failure = null
  }

  /** Room extra info named the explained goods ('' for none); the same value changes nothing. */
  explainUpdated(roomId: string, goodsId: string): void {
    if (roomId !== this.room.id || goodsId === this.explainingGoodsId) return
    this.explainingGoodsId = goodsId
  }

  explainFailed(failure: ExplainFailure): void {
    this.explainFailure = failure
  }

  clearExplainFailure(): void {
    this.explainFailure = null
  }

  /** The session ended or the room was left: nothing is explained to this page any more. */
  clearExplain(): void {
    this.explainingGoodsId = ''
    this.explainFailure = null
  }

  roomStateUpdated(roomId: string, state: RoomConnection, errorCode: number): void {
    if (roomId !== this.room.id) return
    // CONNECTED after a reconnect ends the RECONNECTING reason even if roomStateChanged is late.
    const reason: RoomReason = state === 'CONNECTED' && this.room.reason === 'RECONNECTING' ? 'RECONNECTED' : this.room.reason
    this.room = { ...this.room, state, errorCode, reason }
  }

  roomStateChanged(roomId: string, reason: RoomReason, errorCode: number): void {
    if (roomId !== this.room.id) return
    this.room = { ...this.room, reason, errorCode }
  }

  setWantLive(wantLive: boolean, now: number): void {
    this.wantLive = wantLive
    if (!wantLive) this.liveSince = null
    else if (this.liveSince === null && this.publish?.state === 'PUBLISHING') this.liveSince = now
  }

  publishRequested(streamID: string): void {
    this.publish = { streamID, state: 'PUBLISH_REQUESTING', errorCode: 0, quality: this.publish?.quality ?? 'unknown' }
  }

  publisherStateUpdated(streamID: string, state: PublishState, errorCode: number, now: number): void {
    if (!this.publish || this.publish.streamID !== streamID) return
    this.publish = { ...this.publish, state, errorCode }
    if (state === 'PUBLISHING' && this.wantLive && this.liveSince === null) this.liveSince = now
  }

  publishQualityUpdated(streamID: string, quality: QualityLevel): void {
    if (!this.publish || this.publish.streamID !== streamID || this.publish.quality === quality) return
    this.publish = { ...this.publish, quality }
  }

  publishStopped(): void {
    this.publish = null
  }

  streamsAdded(list: readonly RoomStream[]): void {
    const known = new Set(this.streams.map((s) => s.streamID))
    const added = list.filter((s) => !known.has(s.streamID))
    if (added.length === 0) return
    this.streams = [...this.streams, ...added]
    if (added.some((s) => this.isAnchorStream(s))) this.anchorSeen = true
  }

  streamsRemoved(streamIDs: readonly string[]): void {
    const gone = new Set(streamIDs)
    if (!this.streams.some((s) => gone.has(s.streamID))) return
    this.streams = this.streams.filter((s) => !gone.has(s.streamID))
  }

  playRequested(streamID: string): void {
    const prev = this.plays[streamID]
    this.plays = { ...this.plays, [streamID]: { streamID, state: 'PLAY_REQUESTING', errorCode: 0, quality: prev?.quality ?? 'unknown' } }
  }

  playerStateUpdated(streamID: string, state: PlayState, errorCode: number): void {
    const prev = this.plays[streamID]
    if (!prev) return
    this.plays = { ...this.plays, [streamID]: { ...prev, state, errorCode } }
  }

  playQualityUpdated(streamID: string, quality: QualityLevel): void {
    const prev = this.plays[streamID]
    if (!prev || prev.quality === quality) return
    this.plays = { ...this.plays, [streamID]: { ...prev, quality } }
  }

  playStopped(streamID: string): void {
    if (!this.plays[streamID]) return
    const next = { ...this.plays }
    delete next[streamID]
    this.plays = next
  }

  onlineCountUpdated(roomId: string, count: number): void {
    if (roomId !== this.room.id) return
    this.onlineCount = count
  }
}

/** The app's one live room: only one live page is in a room at a time (SDK 3.x is single-room). */
export const liveRoomStore = new LiveRoomStore()
