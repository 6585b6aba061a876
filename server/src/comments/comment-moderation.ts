/**
 * Whether a live comment may be shown. With WeChat credentials every comment goes through
 * msg_sec_check and only `pass` is shown; when WeChat cannot answer, nothing unchecked is shown.
 * In dev mode there is no access token, so the check is skipped and the log says so.
 */
import type { FastifyBaseLogger } from 'fastify'
import { ApiError } from '../errors'
import { ConcurrencyGate, GateFullError } from '../http/concurrency-gate'
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

/**
 * Content checks in flight towards WeChat at once, and how many may wait: a burst of comments
 * queues here (a few hundred milliseconds at most at WeChat's usual speed) instead of opening a
 * connection each; beyond the queue the sender is asked to retry.
 */
export const MODERATION_CONCURRENCY = 48
export const MODERATION_QUEUE = 4000

export class WechatCommentModerator implements CommentModerator {
  readonly skipsCheck = false
  readonly gate: ConcurrencyGate

  constructor(
    private readonly msgSecCheck: MsgSecCheck,
    gate?: ConcurrencyGate,
  ) {
    this.gate = gate ?? new ConcurrencyGate('msg_sec_check', MODERATION_CONCURRENCY, MODERATION_QUEUE)
  }

  async approve(text: string, author: CommentAuthor, log: FastifyBaseLogger): Promise<void> {
    let verdict: MsgSecCheckResult
    try {
      verdict = await this.gate.run(() => this.msgSecCheck.check(text, author.openid))
    } catch (err) {
      if (err instanceof GateFullError) {
        log.warn({ queued: this.gate.queued }, 'msg_sec_check queue full; comment not delivered')
        throw new ApiError(503, 'moderation_busy', '评论太多啦，请稍后再试 (too many comments are waiting for the content check; retry shortly)')
      }
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
