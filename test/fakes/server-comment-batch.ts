/**
 * Live comments as viewers receive them: the server's batch (contract/comment-batch-rules.ts),
 * written with the contract's own writer and handed over by ZEGO as one barrage message from
 * COMMENT_BATCH_SENDER_ID. A member's own barrage (zego-fixtures.ts `barrageMessage`) is what the
 * viewer must ignore.
 */
import { COMMENT_BATCH_SENDER_ID, COMMENT_BATCH_TAIL, commentBatchEntry, commentBatchHead } from '../../miniprogram/contract/comment-batch-rules'
import { viewerDisplayName } from '../../miniprogram/contract/comment-rules'
import type { ZegoBarrageMessageInfo } from '../../miniprogram/live/services/zego/sdk-types'

/** One accepted comment: its ID, text, sender, and the name shown (the viewers' rule by default). */
export type AcceptedComment = [id: string, text: string, userId?: string, nickname?: string]

const SENT_AT = 1_700_000_000
let serial = 0

export function serverCommentBatch(roomId: string, comments: AcceptedComment[], sentAt = SENT_AT): ZegoBarrageMessageInfo {
  const entries = comments.map(([id, text, userId = 'viewer-9876', nickname = viewerDisplayName(userId)]) =>
    commentBatchEntry({ id, userId, nickname, text, sentAt }, sentAt),
  )
  const message = `${commentBatchHead(roomId, sentAt)}${entries.join(',')}${COMMENT_BATCH_TAIL}`
  return { messageID: `zego-batch-${++serial}`, message, sendTime: sentAt * 1000, fromUser: { userID: COMMENT_BATCH_SENDER_ID, userName: '' } }
}
