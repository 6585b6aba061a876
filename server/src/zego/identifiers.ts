/** ZEGO's identifier limits (zego-platform.md 4.2) and the one place stream IDs are derived. */

export const MAX_ROOM_ID_BYTES_EXCLUSIVE = 128
export const MAX_STREAM_ID_CHARS = 256
const STREAM_ID_PATTERN = /^[A-Za-z0-9_-]+$/

export function roomIdProblem(roomId: string): string | null {
  if (roomId.length === 0) return 'roomId must not be empty'
  if (Buffer.byteLength(roomId, 'utf8') >= MAX_ROOM_ID_BYTES_EXCLUSIVE) return `roomId must be shorter than ${MAX_ROOM_ID_BYTES_EXCLUSIVE} bytes`
  return null
}

export function streamIdProblem(streamId: string): string | null {
  if (!STREAM_ID_PATTERN.test(streamId)) return 'streamId may contain only A-Z, a-z, 0-9, "_" and "-"'
  if (streamId.length > MAX_STREAM_ID_CHARS) return `streamId must be at most ${MAX_STREAM_ID_CHARS} characters`
  return null
}

/**
 * `${roomId}_${anchorUserId}_main`, with anything outside [A-Za-z0-9_-] replaced by "-" and cut to
 * 256 characters, so it is globally unique for our rooms and always valid for ZEGO.
 */
export function deriveStreamId(roomId: string, anchorUserId: string): string {
  return `${roomId}_${anchorUserId}_main`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, MAX_STREAM_ID_CHARS)
}
