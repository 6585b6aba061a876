/**
 * The live room as the UI sees it: the single source of truth for the anchor console and the
 * viewer room. Fed only by services/zego (SDK callbacks and command results); never calls wx.*.
 * Bound objects are replaced, never mutated, so that bindings see every change.
 */
import { computed, makeAutoObservable } from 'mobx-miniprogram'
import type {
  LiveFailure,
  LiveRole,
  PermissionState,
  PlaySnapshot,
  PlayState,
  PublishSnapshot,
  PublishState,
  QualityLevel,
  RoomConnection,
  RoomInfo,
  RoomReason,
  RoomSnapshot,
  RoomStream,
  ShelfGoods,
} from '../../core/live-types'
import type { ExplainFailure } from '../core/explain'
import { liveStatus, onlineText, viewerPhase, type LiveStatus, type ViewerPhase } from '../core/live-status'
import { qualityText } from '../core/live-quality'

const idleRoom: RoomSnapshot = { id: '', state: 'DISCONNECTED', reason: 'NONE', errorCode: 0 }
/** One empty shelf, so that "no goods" never looks like a change to the bindings. */
const emptyShelf: readonly ShelfGoods[] = []

export class LiveRoomStore {
  role: LiveRole | null = null
  info: RoomInfo | null = null
  room: RoomSnapshot = idleRoom
  publish: PublishSnapshot | null = null
  plays: Readonly<Record<string, PlaySnapshot>> = {}
  streams: readonly RoomStream[] = []
  onlineCount = 0
  permission: PermissionState = 'unknown'
  failure: LiveFailure | null = null
  entering = false
  /** The anchor asked to be live; recovery aims for this. */
  wantLive = false
  /** Epoch ms when publishing first succeeded in this session. */
  liveSince: number | null = null
  /** Viewer: the anchor's stream was seen at least once, so its absence means "away". */
  anchorSeen = false
  /**
   * The goods ID the room's extra info names as explained ('' for none), as received: whether it
   * is on this room's shelf is decided by `explainingGoods`, so an unknown ID shows nothing.
   */
  explainingGoodsId = ''
  /** Anchor: the last explain change did not reach the room; kept apart from `failure` so the live goes on. */
  explainFailure: ExplainFailure | null = null

  constructor() {
    // isAnchorStream is read inside computeds, so it must stay a tracked plain method, not an action.
    // A re-read room answers equal goods as new objects; structural comparison keeps the page quiet.
    makeAutoObservable(
      this,
      { status: computed.struct, shelfGoods: computed.struct, explainingGoods: computed.struct, isAnchorStream: false },
      { autoBind: true },
    )
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

  // ---- derived values pages bind to ------------------------------------------------------------

  isAnchorStream(stream: RoomStream): boolean {
    const info = this.info
    if (!info) return false
    return stream.streamID === info.streamId || stream.userID === info.anchorUserId
  }

  get anchorStream(): RoomStream | null {
    return this.streams.find((s) => this.isAnchorStream(s)) ?? null
  }

  /** Viewer: the stream the player shows ('' when there is none). */
  get anchorStreamId(): string {
    return this.anchorStream?.streamID ?? ''
  }

  get anchorPlay(): PlaySnapshot | null {
    const id = this.anchorStreamId
    return id ? this.plays[id] ?? null : null
  }

  get isConnected(): boolean {
    return this.room.state === 'CONNECTED'
  }

  get isLive(): boolean {
    if (this.role === 'anchor') return this.publish?.state === 'PUBLISHING'
    return this.anchorPlay?.state === 'PLAYING'
  }

  get canGoLive(): boolean {
    return (
      this.role === 'anchor' &&
      this.permission === 'granted' &&
      this.isConnected &&
      !this.wantLive &&
      this.failure === null &&
      this.info !== null
    )
  }

  get viewerPhase(): ViewerPhase {
    return viewerPhase(this.info, this.room, this.anchorStream !== null, this.anchorPlay, this.anchorSeen)
  }

  get status(): LiveStatus {
    return liveStatus({
      role: this.role,
      info: this.info,
      room: this.room,
      publish: this.publish,
      anchorPlay: this.anchorPlay,
      permission: this.permission,
      failure: this.failure,
      entering: this.entering,
      wantLive: this.wantLive,
      viewerPhase: this.viewerPhase,
    })
  }

  get statusText(): string {
    return this.status.text
  }

  get suggestedAction(): LiveStatus['action'] {
    return this.status.action
  }

  /** Anchor: publish quality; viewer: the anchor stream's play quality. */
  get qualityLevel(): QualityLevel {
    if (this.role === 'anchor') return this.publish?.quality ?? 'unknown'
    return this.anchorPlay?.quality ?? 'unknown'
  }

  get qualityText(): string {
    return qualityText[this.qualityLevel]
  }

  get onlineText(): string {
    return onlineText(this.onlineCount)
  }

  get title(): string {
    return this.info?.title ?? ''
  }

  /** The room's shelf in shelf order. */
  get shelfGoods(): readonly ShelfGoods[] {
    return this.info?.shelfGoods ?? emptyShelf
  }

  /**
   * The goods the explain card shows: only one on this room's shelf (room extra info can be set
   * by any member, so an ID is not trusted beyond that), and none for a viewer once the live is
   * over (the anchor's room status is the one read on entering, stale after a live).
   */
  get explainingGoods(): ShelfGoods | null {
    const id = this.explainingGoodsId
    if (!id || (this.role === 'viewer' && this.viewerPhase === 'ended')) return null
    return this.shelfGoods.find((g) => g.id === id) ?? null
  }
}

/** The app's one live room: only one live page is in a room at a time (SDK 3.x is single-room). */
export const liveRoomStore = new LiveRoomStore()
