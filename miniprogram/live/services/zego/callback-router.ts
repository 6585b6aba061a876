/**
 * Routes each engine callback (registered once per engine, see engine-events.ts) into the store
 * and triggers the recovery the platform requires: drop the room on kick-out, token expiry or a
 * failed reconnect; restart streams after RECONNECTED; play the anchor's stream when it appears.
 */
import type { LiveFailure, PlayState, PublishState, QualityLevel, RoomConnection, RoomReason, RoomStream } from '../../core/live-types'
import { isKickedElsewhere, ZegoCode } from '../../core/zego-error-codes'
import { liveRoomStore as store } from '../../stores/live-room'
import type { IncomingComment } from '../../core/live-comment'
import type { ChatControl } from './chat-control'
import type { LikeControl } from './like-control'
import type { EngineEventSink } from './engine-events'
import type { Session } from './session'
import type { StreamControl } from './stream-control'

/** What the router needs from the live service. */
export interface RouterHost {
  session(): Session | null
  readonly streams: StreamControl
  readonly chat: ChatControl
  readonly likes: LikeControl
  drop(s: Session, failure: LiveFailure): void
  refreshRoom(s: Session): Promise<void>
  renewToken(): Promise<void>
  /** The anchor's stream reached PUBLISHING (first time or after a recovery). */
  published(): void
}

export class CallbackRouter implements EngineEventSink {
  constructor(private readonly host: RouterHost) {}

  private inSession(roomID: string): Session | null {
    const s = this.host.session()
    return s && s.roomId === roomID ? s : null
  }

  roomState(roomID: string, state: RoomConnection, errorCode: number): void {
    const s = this.inSession(roomID)
    if (!s) return
    // Only a CONNECTED that ends a reconnect needs recovery, not the first one after login.
    const wasReconnecting = s.inRoom && (store.room.reason === 'RECONNECTING' || store.room.state === 'CONNECTING')
    store.roomStateUpdated(roomID, state, errorCode)
    if (state === 'CONNECTED' && wasReconnecting) this.host.streams.recover()
    if (state === 'DISCONNECTED' && s.inRoom) {
      if (errorCode === ZegoCode.tokenExpired) this.host.drop(s, { kind: 'token-expired', code: errorCode, message: '' })
      else if (isKickedElsewhere(errorCode)) this.host.drop(s, { kind: 'kicked-elsewhere', code: errorCode, message: '' })
      else this.host.drop(s, { kind: 'disconnected', code: errorCode, message: '' })
    }
  }

  roomReason(roomID: string, reason: RoomReason, errorCode: number): void {
    const s = this.inSession(roomID)
    if (!s) return
    store.roomStateChanged(roomID, reason, errorCode)
    if (reason === 'RECONNECTED') this.host.streams.recover()
    else if (reason === 'KICKOUT') {
      const kind = isKickedElsewhere(errorCode) ? 'kicked-elsewhere' : 'kicked-by-server'
      this.host.drop(s, { kind, code: errorCode, message: '' })
    } else if (reason === 'RECONNECT_FAILED') this.host.drop(s, { kind: 'disconnected', code: errorCode, message: '' })
  }

  onlineCount(roomID: string, count: number): void {
    this.inSession(roomID)?.online.push(count)
  }

  streamsAdded(roomID: string, list: RoomStream[]): void {
    const s = this.inSession(roomID)
    if (!s) return
    store.streamsAdded(list)
    if (s.role !== 'viewer') return
    for (const stream of list) if (store.isAnchorStream(stream)) void this.host.streams.startPlaying(stream.streamID)
  }

  streamsRemoved(roomID: string, ids: string[]): void {
    const s = this.inSession(roomID)
    if (!s) return
    for (const id of ids) this.host.streams.stopPlaying(id)
    store.streamsRemoved(ids)
    // The anchor's stream went away: ask the server whether the live ended or the anchor stepped out.
    if (s.role === 'viewer' && !store.anchorStream) void this.host.refreshRoom(s)
  }

  publisherState(streamID: string, state: PublishState, errorCode: number): void {
    store.publisherStateUpdated(streamID, state, errorCode, Date.now())
    this.host.streams.onPublisherState(streamID, state, errorCode)
    if (state === 'PUBLISHING') this.host.published()
  }

  publishQuality(streamID: string, level: QualityLevel): void {
    store.publishQualityUpdated(streamID, level)
  }

  playerState(streamID: string, state: PlayState, errorCode: number): void {
    store.playerStateUpdated(streamID, state, errorCode)
    this.host.streams.onPlayerState(streamID, state, errorCode)
  }

  playQuality(streamID: string, level: QualityLevel): void {
    store.playQualityUpdated(streamID, level)
  }

  tokenWillExpire(roomID: string): void {
    if (this.inSession(roomID)) void this.host.renewToken()
  }

  explainUpdated(roomID: string, goodsId: string): void {
    if (this.inSession(roomID)) store.explainUpdated(roomID, goodsId)
  }

  likesAnnounced(roomID: string, total: number): void {
    if (this.inSession(roomID)) this.host.likes.announced(total)
  }

  /** Another room's comments (a late callback after switching rooms) are not this page's. */
  commentsReceived(roomID: string, comments: IncomingComment[]): void {
    const s = this.inSession(roomID)
    if (s) this.host.chat.received(s, comments)
  }
}
