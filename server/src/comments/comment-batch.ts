/**
 * Packs a room's accepted comments into ZEGO barrage messages in the contract's batch format
 * (miniprogram/contract/comment-batch-rules.ts), as many per message as fit ZEGO's 1024 bytes.
 * A busy live's thousand comments a second would otherwise need a thousand SendBarrageMessage
 * calls, ten times what ZEGO takes from a whole AppID.
 */
import { randomBytes } from 'node:crypto'
import { COMMENT_BATCH_TAIL, commentBatchEntry, commentBatchHead } from '../../../miniprogram/contract/comment-batch-rules'
import type { LiveComment } from '../../../miniprogram/contract/comment-schemas'
import { MAX_MESSAGE_BYTES } from '../zego/server-api'

export { COMMENT_BATCH_SENDER_ID } from '../../../miniprogram/contract/comment-batch-rules'

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

/**
 * The first batch of `comments` (oldest first): as many from the front as fit in `maxBytes`.
 * A single comment always fits (100 characters, even escaped, are far below 1024 bytes); one that
 * did not would be answered alone and refused by ZEGO as too long, never silently cut.
 */
export function packCommentBatch(roomId: string, comments: readonly LiveComment[], maxBytes = MAX_MESSAGE_BYTES): PackedBatch {
  const first = comments[0]
  if (first === undefined) throw new RangeError('packCommentBatch needs at least one comment')
  const head = commentBatchHead(roomId, first.sentAt)
  let bytes = Buffer.byteLength(head) + COMMENT_BATCH_TAIL.length
  const parts: string[] = []
  for (const comment of comments) {
    const part = commentBatchEntry(comment, first.sentAt)
    const size = Buffer.byteLength(part) + (parts.length > 0 ? 1 : 0)
    if (parts.length > 0 && bytes + size > maxBytes) break
    parts.push(part)
    bytes += size
  }
  return { content: head + parts.join(',') + COMMENT_BATCH_TAIL, count: parts.length }
}
