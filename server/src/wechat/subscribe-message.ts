/**
 * WeChat's one-time subscription messages (`cgi-bin/message/subscribe/send`). The token goes in the
 * URL only and is refreshed and the call retried once on 40001/42001 by `withToken`.
 */
import type { AccessTokenProvider } from './access-token'
import { errcodeError, type WechatHttp, type WechatResponseBase } from './wechat-http'

export const SUBSCRIBE_SEND_PATH = '/cgi-bin/message/subscribe/send'

/** The user refused the subscription or has used it up: this message can never be delivered. */
export const ERRCODE_SUBSCRIPTION_REFUSED = 43101

export interface SubscribeMessage {
  touser: string
  template_id: string
  page: string
  data: Record<string, { value: string }>
  miniprogram_state: 'formal' | 'trial' | 'developer'
  lang: 'zh_CN'
}

export class SubscribeMessageSender {
  constructor(
    private readonly http: WechatHttp,
    private readonly tokens: AccessTokenProvider,
  ) {}

  /** 'sent', or 'refused' for 43101; any other failure throws WechatError (worth trying again later). */
  send(message: SubscribeMessage): Promise<'sent' | 'refused'> {
    return this.tokens.withToken(async (token) => {
      const res = await this.http.request<WechatResponseBase>({ method: 'POST', path: SUBSCRIBE_SEND_PATH, query: { access_token: token }, body: message })
      const errcode = res.errcode ?? 0
      if (errcode === 0) return 'sent'
      if (errcode === ERRCODE_SUBSCRIPTION_REFUSED) return 'refused'
      throw errcodeError(SUBSCRIBE_SEND_PATH, res)
    })
  }
}
