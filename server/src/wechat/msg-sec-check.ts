/**
 * WeChat's text content check (`wxa/msg_sec_check`, version 2). A mini-program that shows
 * user-written text must run it on the server, because it needs the access token. The token goes
 * in the URL only: WeChat answers 47001 when the body carries anything it does not expect.
 */
import type { AccessTokenProvider } from './access-token'
import { WechatError, errcodeError, type WechatHttp, type WechatResponseBase } from './wechat-http'

const PATH = '/wxa/msg_sec_check'

/** WeChat's scenes: 1 profile, 2 comment, 3 forum, 4 social log. */
export const SCENE_COMMENT = 2

export type MsgSecSuggest = 'pass' | 'review' | 'risky'

export interface MsgSecCheckResult {
  suggest: MsgSecSuggest
  /** WeChat's category (100 normal, 20001 politics, 20002 porn, …): for our logs, never for the user. */
  label: number
  traceId: string | null
}

interface MsgSecCheckResponse extends WechatResponseBase {
  result?: { suggest?: string; label?: number }
  trace_id?: string
}

const isSuggest = (value: unknown): value is MsgSecSuggest => value === 'pass' || value === 'review' || value === 'risky'

export class MsgSecCheck {
  constructor(
    private readonly http: WechatHttp,
    private readonly tokens: AccessTokenProvider,
  ) {}

  /**
   * Throws WechatError when WeChat cannot give a verdict (timeout, 5xx, errcode ≠ 0, a malformed
   * answer); a rejected token is refreshed and the call retried once by `withToken`.
   */
  check(content: string, openid: string, scene = SCENE_COMMENT): Promise<MsgSecCheckResult> {
    return this.tokens.withToken(async (token) => {
      const res = await this.http.request<MsgSecCheckResponse>({
        method: 'POST',
        path: PATH,
        query: { access_token: token },
        body: { content, version: 2, scene, openid },
      })
      if ((res.errcode ?? 0) !== 0) throw errcodeError(PATH, res)
      const suggest = res.result?.suggest
      if (!isSuggest(suggest)) throw new WechatError('invalid_json', `${PATH} answered without a known result.suggest`)
      return { suggest, label: res.result?.label ?? 0, traceId: res.trace_id ?? null }
    })
  }
}
