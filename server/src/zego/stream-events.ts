/**
 * What ZEGO's stream callbacks mean for a room's status. They back up the anchor console's own
 * reports (POST /api/rooms/:id/status): a console that crashed or lost the network never says the
 * live ended, but ZEGO does, once the stream is gone.
 */
import type { Room, RoomLiveStatus } from '../../../miniprogram/core/api-types'

export interface StreamEvent {
  event: 'stream_create' | 'stream_close'
  roomId: string
  streamId: string
  /** When the stream was created, Unix ms (both events carry it). */
  createTimeMs: number
}

/**
 * ZEGO does not deliver callbacks in order and retries them, so a close is applied only if the
 * stream it closes is not older than the live the room is in now: a late close of the previous
 * stream must not end the anchor's new live. Only the room's own anchor stream counts.
 */
export function statusForStreamEvent(room: Room, e: StreamEvent): RoomLiveStatus | null {
  if (e.streamId !== room.streamId || room.status === 'cancelled') return null
  // The console reports a moment after the stream exists or goes; allow for that and for clock skew.
  const slackMs = 60_000
  if (e.event === 'stream_create') {
    // A create delivered after the close of the same stream must not bring an ended live back.
    const endedMs = (room.liveEndedAt ?? 0) * 1000
    return room.status === 'ended' && e.createTimeMs + slackMs < endedMs ? null : 'live'
  }
  const liveStartedMs = (room.liveStartedAt ?? 0) * 1000
  if (room.status === 'live' && e.createTimeMs + slackMs < liveStartedMs) return null
  return 'ended'
}
