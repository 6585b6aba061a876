/**
 * Registers every ZEGO callback the app needs, once per engine, and normalises the payloads for
 * the service. Returns the teardown (off for each), run just before destroyEngine.
 */
import type { PlayState, PublishState, RoomConnection, RoomReason, RoomStream } from '../../core/live-types'
import { qualityLevel } from '../../core/live-quality'
import { explainFromExtraInfo } from '../../core/explain'
import { COMMENT_BATCH_SENDER_ID, unpackCommentBatch, type IncomingComment } from '../../core/live-comment'
import { LIKES_SENDER_ID, parseLikesCommand } from '../../../contract/likes-rules'
import type { ZegoEngine, ZegoEvent, ZegoEventName, ZegoStreamList } from './sdk-types'
import type { QualityLevel } from '../../core/live-types'

/** What the service does with each callback, already normalised. */
export interface EngineEventSink {
  roomState(roomID: string, state: RoomConnection, errorCode: number): void
  roomReason(roomID: string, reason: RoomReason, errorCode: number): void
  onlineCount(roomID: string, count: number): void
  streamsAdded(roomID: string, streams: RoomStream[]): void
  streamsRemoved(roomID: string, streamIDs: string[]): void
  publisherState(streamID: string, state: PublishState, errorCode: number): void
  publishQuality(streamID: string, level: QualityLevel): void
  playerState(streamID: string, state: PlayState, errorCode: number): void
  playQuality(streamID: string, level: QualityLevel): void
  tokenWillExpire(roomID: string): void
  /** Room extra info named the explained goods ('' for none); other keys never get here. */
  explainUpdated(roomID: string, goodsId: string): void
  /** Live comments, in the order they came (the server broadcasts them in batched barrage messages). */
  commentsReceived(roomID: string, comments: IncomingComment[]): void
  /** The room's like total, announced by the merchant server (never by a member). */
  likesAnnounced(roomID: string, total: number): void
}

/** The callbacks this module registers; the 100-cycle test checks nothing else stays registered. */
export const registeredZegoEvents: readonly ZegoEventName[] = [
  'roomStateUpdate',
  'roomStateChanged',
  'roomOnlineUserCountUpdate',
  'roomStreamUpdate',
  'publisherStateUpdate',
  'publishQualityUpdate',
  'playerStateUpdate',
  'playQualityUpdate',
  'tokenWillExpire',
  'roomExtraInfoUpdate',
  'IMRecvBarrageMessage',
  'IMRecvCustomCommand',
]

const toRoomStreams = (list: ZegoStreamList[]): RoomStream[] =>
  list.map((s) => ({ streamID: s.streamID, userID: s.user?.userID ?? '' }))

export function registerEngineEvents(engine: ZegoEngine, sink: EngineEventSink): () => void {
  const offs: Array<() => void> = []
  const listen = <K extends ZegoEventName>(name: K, callback: ZegoEvent[K]): void => {
    engine.on(name, callback)
    offs.push(() => engine.off(name, callback))
  }

  listen('roomStateUpdate', (roomID, state, errorCode) => sink.roomState(roomID, state, errorCode))
  // The SDK's reason is a string enum; its values are exactly RoomReason (checked in sdk-types.ts).
  listen('roomStateChanged', (roomID, reason, errorCode) => sink.roomReason(roomID, `${reason}` as RoomReason, errorCode))
  listen('roomOnlineUserCountUpdate', (roomID, count) => sink.onlineCount(roomID, count))
  listen('roomStreamUpdate', (roomID, updateType, streamList) => {
    if (updateType === 'ADD') sink.streamsAdded(roomID, toRoomStreams(streamList))
    else sink.streamsRemoved(roomID, streamList.map((s) => s.streamID))
  })
  listen('publisherStateUpdate', (r) => sink.publisherState(r.streamID, r.state, r.errorCode))
  listen('publishQualityUpdate', (streamID, stats) => sink.publishQuality(streamID, qualityLevel(stats)))
  listen('playerStateUpdate', (r) => sink.playerState(r.streamID, r.state, r.errorCode))
  listen('playQualityUpdate', (streamID, stats) => sink.playQuality(streamID, qualityLevel(stats)))
  listen('tokenWillExpire', (roomID) => sink.tokenWillExpire(roomID))
  // Also delivered right after login with the room's current info: how late viewers learn it.
  listen('roomExtraInfoUpdate', (roomID, list) => {
    const goodsId = explainFromExtraInfo(list)
    if (goodsId !== null) sink.explainUpdated(roomID, goodsId)
  })
  listen('IMRecvBarrageMessage', (roomID, list) => {
    const comments: IncomingComment[] = []
    for (const m of list) {
      // Only the server's batches are shown: they hold what msg_sec_check passed. A member's token
      // also lets any ZEGO SDK send a barrage to the room itself, unchecked; that is never shown.
      if (m.fromUser?.userID !== COMMENT_BATCH_SENDER_ID || typeof m.message !== 'string') continue
      // A batch also carries our own comments; the store shows each ID once.
      const batch = unpackCommentBatch(m.message, roomID)
      if (batch !== null) comments.push(...batch)
    }
    if (comments.length > 0) sink.commentsReceived(roomID, comments)
  })

  listen('IMRecvCustomCommand', (roomID, fromUser, command) => {
    // Only the server speaks as LIKES_SENDER_ID: a member cannot log in with it (its token names the member).
    if (fromUser?.userID !== LIKES_SENDER_ID || typeof command !== 'string') return
    const total = parseLikesCommand(command, roomID)
    if (total !== null) sink.likesAnnounced(roomID, total)
  })

  return () => {
    for (const off of offs) off()
  }
}
