/**
 * Live comments travel to a room's viewers in batches: one ZEGO barrage message carries every
 * comment accepted in the room since the last one, as long as it stays within ZEGO's 1024 bytes.
 * A busy live's thousand comments a second would otherwise need a thousand SendBarrageMessage
 * calls, ten times what ZEGO takes from a whole AppID.
 *
 * The message, sent as COMMENT_BATCH_SENDER_ID (no member's ID, so every member receives it, the
 * comment's own sender included, who recognises it by its ID):
 *   {"t":"comments","r":<roomId>,"s":<sentAt of the first, Unix seconds>,
 *    "c":[[id, userId, text, sentAt - s] or [id, userId, text, sentAt - s, nickname], …]}
 * The nickname is left out when it is the viewers' rule (观众 + the user ID's last four), which
 * the mini-program applies itself. The mini-program's reader is unpackCommentBatch in
 * miniprogram/live/core/live-comment.ts; test/server/comment-batch.test.ts checks they agree.
 */
import { randomBytes } from 'node:crypto'
import type { LiveComment } from '../../../miniprogram/core/api-types'
import { MAX_MESSAGE_BYTES } from '../zego/server-api'

/** Sender of the batches: ZEGO leaves a message out only for a member logged in as its sender. */
export const COMMENT_BATCH_SENDER_ID = 'system'
export const COMMENT_BATCH_TYPE = 'comments'

const viewerNickname = (userId: string): string => `观众${userId.slice(-4)}`

/**
 * IDs of accepted comments: the time in milliseconds (base 36, so IDs of one process sort by
 * acceptance), a counter for comments of the same millisecond, and a tag drawn when the process
 * starts, so instances do not collide. Short, because each batch carries one per comment.
 */
export function commentIdSource(nowMs: () => number, tag = randomBytes(2).toString('hex')): () => string {
  let lastMs = -1
  let serial = 0
  return () => {
    const ms = nowMs()
    serial = ms === lastMs ? serial + 1 : 0
    lastMs = ms
    return `c${ms.toString(36)}${serial.toString(36).padStart(3, '0')}${tag}`
  }
}

export interface PackedBatch {
  content: string
  /** How many comments from the front of the list it carries (at least one). */
  count: number
}

function entry(comment: LiveComment, baseSeconds: number): string {
  const fields: (string | number)[] = [comment.id, comment.userId, comment.text, comment.sentAt - baseSeconds]
  if (comment.nickname !== viewerNickname(comment.userId)) fields.push(comment.nickname)
  return JSON.stringify(fields)
}

/**
 * The first batch of `comments` (oldest first): as many from the front as fit in `maxBytes`.
 * A single comment always fits (100 characters, even escaped, are far below 1024 bytes); one that
 * did not would be answered alone and refused by ZEGO as too long, never silently cut.
 */
export function packCommentBatch(roomId: string, comments: readonly LiveComment[], maxBytes = MAX_MESSAGE_BYTES): PackedBatch {
  const first = comments[0]
  if (first === undefined) throw new RangeError('packCommentBatch needs at least one comment')
  const head = `{"t":"${COMMENT_BATCH_TYPE}","r":${JSON.stringify(roomId)},"s":${first.sentAt},"c":[`
  const tail = ']}'
  let bytes = Buffer.byteLength(head) + tail.length
  const parts: string[] = []
  for (const comment of comments) {
    const part = entry(comment, first.sentAt)
    const size = Buffer.byteLength(part) + (parts.length > 0 ? 1 : 0)
    if (parts.length > 0 && bytes + size > maxBytes) break
    parts.push(part)
    bytes += size
  }
  return { content: head + parts.join(',') + tail, count: parts.length }
}
