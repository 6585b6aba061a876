/**
 * Whether a live comment may be shown. With WeChat credentials every comment goes through
 * msg_sec_check and only `pass` is shown; when WeChat cannot answer, nothing unchecked is shown.
 * In dev mode there is no access token, so the check is skipped and the log says so.
 */
import type { FastifyBaseLogger } from 'fastify'
import { ApiError } from '../errors'
import type { MsgSecCheck, MsgSecCheckResult } from '../wechat/msg-sec-check'
import { WechatError } from '../wechat/wechat-http'

export interface CommentAuthor {
  userId: string
  openid: string
}

export interface CommentModerator {
  /** true in dev mode: comments are delivered unchecked. */
  readonly skipsCheck: boolean
  /** Resolves when the text may be shown; throws ApiError 422 `comment_rejected` or 503 `moderation_unavailable`. */
  approve(text: string, author: CommentAuthor, log: FastifyBaseLogger): Promise<void>
}

export const REJECTED_MESSAGE = '评论包含不合适的内容，请修改后再发送'

export class WechatCommentModerator implements CommentModerator {
  readonly skipsCheck = false

  constructor(private readonly msgSecCheck: MsgSecCheck) {}

  async approve(text: string, author: CommentAuthor, log: FastifyBaseLogger): Promise<void> {
    let verdict: MsgSecCheckResult
    try {
      verdict = await this.msgSecCheck.check(text, author.openid)
    } catch (err) {
      if (!(err instanceof WechatError)) throw err
      log.warn({ failure: err.failure, errcode: err.errcode, httpStatus: err.httpStatus, err: err.message }, 'msg_sec_check unavailable; comment not delivered')
      throw new ApiError(503, 'moderation_unavailable', '评论审核暂时不可用，请稍后再试 (the content check is unavailable; retry later)')
    }
    if (verdict.suggest === 'pass') return
    // The label stays in our log for operations; the shopper only learns the comment was refused.
    log.info({ userId: author.userId, suggest: verdict.suggest, label: verdict.label, traceId: verdict.traceId }, 'comment refused by msg_sec_check')
    throw new ApiError(422, 'comment_rejected', REJECTED_MESSAGE, 'text')
  }
}

export const DEV_MODE_COMMENT_NOTICE =
  'DEV MODE: live comments are delivered WITHOUT WeChat msg_sec_check (no WeChat credentials). A published mini-program must not run like this.'

export class DevModeCommentModerator implements CommentModerator {
  readonly skipsCheck = true
  private warned = false

  async approve(_text: string, _author: CommentAuthor, log: FastifyBaseLogger): Promise<void> {
    if (this.warned) return
    this.warned = true
    log.warn(DEV_MODE_COMMENT_NOTICE)
  }
}
