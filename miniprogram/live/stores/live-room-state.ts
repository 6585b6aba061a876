/**
 * The live room's state and the values derived from it, which is what the live pages bind and the
 * zego service reads. The actions that change it are in live-room.ts (`LiveRoomStore` extends
 * this class). Bound objects are replaced, never mutated, so that bindings see every change.
 */
import { computed, makeObservable, observable, type AnnotationMapEntry } from 'mobx-miniprogram'
import type {
  LiveFailure,
  LiveRole,
  PermissionState,
  PlaySnapshot,
  PublishSnapshot,
  QualityLevel,
  RoomInfo,
  RoomSnapshot,
  RoomStream,
  ShelfGoods,
} from '../core/live-types'
import type { ExplainFailure } from '../core/explain'
import { liveStatus, onlineText, viewerPhase, type LiveStatus, type ViewerPhase } from '../core/live-status'
import { qualityText } from '../core/live-quality'

export const idleRoom: RoomSnapshot = { id: '', state: 'DISCONNECTED', reason: 'NONE', errorCode: 0 }
/** One empty shelf, so that "no goods" never looks like a change to the bindings. */
const emptyShelf: readonly ShelfGoods[] = []

export class LiveRoomState {
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
    // makeAutoObservable refuses a class with a subclass, so each class names its own members;
    // the Record type makes a field or getter left out of this list a compile error.
    // isAnchorStream is read inside computeds, so it must stay a tracked plain method.
    // A re-read room answers equal goods as new objects; structural comparison keeps the page quiet.
    const annotations: Record<Exclude<keyof LiveRoomState, 'isAnchorStream'>, AnnotationMapEntry> = {
      role: observable,
      info: observable,
      room: observable,
      publish: observable,
      plays: observable,
      streams: observable,
      onlineCount: observable,
      permission: observable,
      failure: observable,
      entering: observable,
      wantLive: observable,
      liveSince: observable,
      anchorSeen: observable,
      explainingGoodsId: observable,
      explainFailure: observable,
      anchorStream: computed,
      anchorStreamId: computed,
      anchorPlay: computed,
      isConnected: computed,
      isLive: computed,
      canGoLive: computed,
      viewerPhase: computed,
      status: computed.struct,
      statusText: computed,
      suggestedAction: computed,
      qualityLevel: computed,
      qualityText: computed,
      onlineText: computed,
      title: computed,
      shelfGoods: computed.struct,
      explainingGoods: computed.struct,
    }
    makeObservable<LiveRoomState>(this, annotations)
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
