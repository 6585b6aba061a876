/**
 * How live comments travel to a room's viewers: one ZEGO barrage message carries every comment the
 * server accepted in the room since the last one, within ZEGO's 1024 bytes, so a busy live does not
 * need one ZEGO call per comment. The server writes batches (server/src/comments/comment-batch.ts,
 * which measures the bytes); the mini-program reads them (live/core/live-comment.ts).
 *
 * The message, sent as COMMENT_BATCH_SENDER_ID:
 *   {"t":"comments","r":<roomId>,"s":<sentAt of the first, Unix seconds>,
 *    "c":[[id, userId, text, sentAt - s] or [id, userId, text, sentAt - s, nickname], …]}
 * The nickname is left out when it is the viewers' rule (viewerDisplayName), which the reader
 * applies itself. Plain TypeScript, so the mini-program runs it as is.
 */
import { viewerDisplayName } from './comment-rules'
import { parseJsonObject } from './json-object'

/** Sender of the batches: no member logs in with this ID, so every member receives them, a comment's own sender included. */
export const COMMENT_BATCH_SENDER_ID = 'system'
export const COMMENT_BATCH_TYPE = 'comments'

/** A comment as a batch carries it; `sentAt` in Unix seconds. */
export interface BatchedComment {
  id: string
  userId: string
  nickname: string
  text: string
  sentAt: number
}

/** Everything of a batch before its first entry. */
export function commentBatchHead(roomId: string, baseSeconds: number): string {
  return `{"t":"${COMMENT_BATCH_TYPE}","r":${JSON.stringify(roomId)},"s":${baseSeconds},"c":[`
}

export const COMMENT_BATCH_TAIL = ']}'

/** One comment's entry; entries are joined with commas between head and tail. */
export function commentBatchEntry(comment: BatchedComment, baseSeconds: number): string {
  const fields: (string | number)[] = [comment.id, comment.userId, comment.text, comment.sentAt - baseSeconds]
  if (comment.nickname !== viewerDisplayName(comment.userId)) fields.push(comment.nickname)
  return JSON.stringify(fields)
}

/**
 * The comments a batch carries, in the order they were accepted; null when `text` is not a batch
 * for `roomId`. An entry that is not well formed is skipped, never guessed at.
 */
export function readCommentBatch(text: string, roomId: string): BatchedComment[] | null {
  const fields = parseJsonObject(text)
  if (fields === null) return null
  const { t, r, s, c } = fields
  if (t !== COMMENT_BATCH_TYPE || r !== roomId || typeof s !== 'number' || !Number.isSafeInteger(s) || !Array.isArray(c)) return null
  const comments: BatchedComment[] = []
  for (const item of c as unknown[]) {
    if (!Array.isArray(item)) continue
    const [id, userId, body, offset, nickname] = item as unknown[]
    if (typeof id !== 'string' || id === '' || typeof userId !== 'string' || typeof body !== 'string' || body === '' || typeof offset !== 'number' || !Number.isSafeInteger(offset)) continue
    comments.push({ id, userId, nickname: typeof nickname === 'string' && nickname !== '' ? nickname : viewerDisplayName(userId), text: body, sentAt: s + offset })
  }
  return comments
}
