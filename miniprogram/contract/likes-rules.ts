/**
 * Likes: how taps travel and how the room's total is announced. Shared by the mini-program (which
 * batches taps and reads the announcements) and the server (which bounds batches and announces).
 */
import { parseJsonObject } from './json-object'

/** Most taps one batch may carry: a whole second of the fastest tapping, with room to spare. */
export const LIKES_BATCH_MAX = 50

/** A client sends at most one batch per this interval. */
export const LIKES_SEND_INTERVAL_MS = 1000

/**
 * The server announces a room's total at most once per this interval, whatever the number of
 * batches: ZEGO's SendCustomCommand allows 100 calls a second per AppID, for all rooms together.
 */
export const LIKES_BROADCAST_INTERVAL_MS = 1000

/**
 * The sender of the server's announcements. ZEGO never delivers a message to a client logged in
 * with the sender's ID, so it is no member's ID (user IDs start with `u_`).
 */
export const LIKES_SENDER_ID = 'system'

/** Totals beyond this are not believed (an announcement carrying one is ignored). */
export const LIKES_TOTAL_MAX = Number.MAX_SAFE_INTEGER

/** The custom command text: a few dozen bytes, far within ZEGO's 1024. */
export function likesCommandText(roomId: string, total: number): string {
  return JSON.stringify({ t: 'likes', r: roomId, n: total })
}

/** The total an announcement carries for `roomId`, or null when the text is anything else. */
export function parseLikesCommand(text: string, roomId: string): number | null {
  const fields = parseJsonObject(text)
  if (fields === null) return null
  const { t, r, n } = fields
  if (t !== 'likes' || r !== roomId || typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0 || n > LIKES_TOTAL_MAX) return null
  return n
}
