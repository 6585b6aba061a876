/**
 * Live comments as the live pages handle them. The rules the client shares with the server (the
 * length limit, how text is counted, display names) are the contract's (contract/comment-rules.ts).
 */
import { readCommentBatch } from '../../contract/comment-batch-rules'
import { COMMENT_MAX_CHARACTERS } from '../../contract/comment-rules'

export { COMMENT_BATCH_SENDER_ID } from '../../contract/comment-batch-rules'

export { COMMENT_MAX_CHARACTERS, commentFits, commentLength } from '../../contract/comment-rules'

/**
 * Messages a live page keeps. A busy room delivers hundreds a minute; nobody scrolls back that
 * far over the video, and every kept message is memory and render work on low-end phones.
 */
export const CHAT_CAP = 100

/** A comment as it reaches the app, from a server batch in ZEGO's IMRecvBarrageMessage or the server's 201. */
export interface IncomingComment {
  id: string
  userId: string
  nickname: string
  text: string
  /** Epoch milliseconds. */
  sentAt: number
}

/**
 * What the shopper reads when sending failed. The server's 422 message is written for shoppers;
 * its other messages are for developers, so those statuses get their own text.
 */
export function commentFailureText(status: number, serverMessage: string): string {
  switch (status) {
    case 400:
      return `评论不能为空，最多 ${COMMENT_MAX_CHARACTERS} 个字`
    case 409:
      return '直播未开始或已结束，现在不能评论'
    case 422:
      return serverMessage || '评论包含不合适的内容，请修改后再发送'
    case 429:
      return '评论太频繁了，请稍后再试'
    case 502:
      return '评论发送失败，请稍后再试'
    case 503:
      return '评论审核暂时不可用，请稍后再试'
    default:
      return serverMessage || '评论发送失败，请稍后再试'
  }
}

/** The comments a server batch carries (contract/comment-batch-rules.ts), times in milliseconds as the pages keep them. */
export function unpackCommentBatch(text: string, roomId: string): IncomingComment[] | null {
  return readCommentBatch(text, roomId)?.map((c) => ({ ...c, sentAt: c.sentAt * 1000 })) ?? null
}
