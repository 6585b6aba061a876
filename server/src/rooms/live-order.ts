/**
 * Which report of a live's start or end still describes the live. Two writers report it, both late
 * and sometimes twice: ZEGO's stream callbacks (ordered by each stream session's own create time,
 * `create_time_ms`, which both the create and the close of a session carry) and the anchor's
 * console (ordered by the console session it generates when publishing starts). A report about a
 * session older than the newest one seen, or about a session already closed, is stale: it never
 * ends a newer live, and never brings an ended one back. A genuinely new session still goes live.
 */
import type { Room, RoomLiveStatus } from '../../../miniprogram/contract/room-schemas'

export interface RoomLiveState {
  room: Room
  /** create_time_ms of the newest ZEGO stream session seen (create or close), null before any. */
  streamCreatedMs: number | null
  /** create_time_ms of the newest ZEGO stream session seen closed. */
  streamClosedMs: number | null
  /** The console session that last reported, null when unknown (older consoles send none). */
  consoleSession: string | null
}

export interface LiveRecord {
  streamCreatedMs?: number
  streamClosedMs?: number
  consoleSession?: string | null
}

export type LiveDecision = { kind: 'ignore'; reason: string } | { kind: 'apply'; to: RoomLiveStatus; record: LiveRecord }

export interface StreamEvent {
  event: 'stream_create' | 'stream_close'
  roomId: string
  streamId: string
  /** When the stream session was created, Unix ms (both events carry it). */
  createTimeMs: number
}

/** A console reports a moment after its stream exists; a close this much older than its live is another stream's. */
const CONSOLE_SLACK_MS = 60_000

const ignore = (reason: string): LiveDecision => ({ kind: 'ignore', reason })

export function streamEventDecision(state: RoomLiveState, e: StreamEvent): LiveDecision {
  const { room } = state
  if (e.streamId !== room.streamId) return ignore('not the room’s anchor stream')
  if (room.status === 'cancelled') return ignore('the room is cancelled')
  const created = state.streamCreatedMs
  const closed = state.streamClosedMs
  if (closed !== null && e.createTimeMs <= closed) return ignore('this stream session, or a newer one, has already closed')

  if (e.event === 'stream_create') {
    if (created !== null && e.createTimeMs <= created) return ignore('a create of a session already seen, or of an older one')
    // No session seen yet: a stream created before the console ended the live belongs to that live.
    if (created === null && room.status === 'ended' && room.liveEndedAt !== null && e.createTimeMs < room.liveEndedAt * 1000) {
      return ignore('a stream created before the live ended')
    }
    return { kind: 'apply', to: 'live', record: { streamCreatedMs: e.createTimeMs } }
  }

  if (created !== null && e.createTimeMs < created) return ignore('the close of an older session; a newer one runs')
  if (created === null && room.status === 'live' && room.liveStartedAt !== null && e.createTimeMs + CONSOLE_SLACK_MS < room.liveStartedAt * 1000) {
    return ignore('the close of a stream older than the live the console reported')
  }
  return { kind: 'apply', to: 'ended', record: { streamClosedMs: e.createTimeMs, streamCreatedMs: Math.max(created ?? 0, e.createTimeMs) } }
}

/**
 * The console's own report, with the session it generated when publishing started (null from
 * consoles that send none, which are applied as they come, as before).
 */
export function consoleReportDecision(state: RoomLiveState, to: RoomLiveStatus, session: string | null): LiveDecision {
  const { room } = state
  if (session === null) return { kind: 'apply', to, record: { consoleSession: null } }
  if (to === 'live') {
    if (room.status === 'ended' && state.consoleSession === session) return ignore('this console session already ended its live')
    return { kind: 'apply', to, record: { consoleSession: session } }
  }
  // An anchor who moved to a second device: the first page's end must not end the live the second runs.
  if (room.status === 'live' && state.consoleSession !== null && state.consoleSession !== session) {
    return ignore('a newer console session runs this live')
  }
  return { kind: 'apply', to, record: { consoleSession: session } }
}
