/**
 * WeChat's message APIs for the fake (wechat-api.ts): msg_sec_check (version 2) judging a text
 * users will read, and subscribe/send delivering a subscription message. Both reject a body with
 * fields they do not expect (such as the token) as a format error, as WeChat does.
 */
import { wechatFormatError, type WechatJson } from './wechat-api-fixtures'

export interface FakeContentMarkers {
  /** Content containing any of these is `risky`. */
  readonly riskyMarkers: string[]
  /** Content containing any of these (and none of the risky ones) is `review`; anything else `pass`. */
  readonly reviewMarkers: string[]
}

const hasOnly = (body: WechatJson, fields: readonly string[]): boolean => Object.keys(body).every((k) => fields.includes(k))

/** msg_sec_check v2: labels 100 normal, 20001 politics, 20002 porn, 20003 abuse, 21000 other. */
export function msgSecCheck(body: WechatJson | null, markers: FakeContentMarkers, traceId: string): WechatJson {
  if (body === null || !hasOnly(body, ['content', 'version', 'scene', 'openid', 'title', 'nickname', 'signature']) || body.version !== 2 || typeof body.content !== 'string') {
    return wechatFormatError()
  }
  if (typeof body.openid !== 'string' || body.openid.length === 0) return { errcode: 40003, errmsg: 'invalid openid' }
  if (typeof body.scene !== 'number' || ![1, 2, 3, 4].includes(body.scene)) return { errcode: 40003, errmsg: 'invalid scene' }
  const content = body.content
  const verdict = markers.riskyMarkers.some((m) => content.includes(m))
    ? { suggest: 'risky', label: 20003 }
    : markers.reviewMarkers.some((m) => content.includes(m))
      ? { suggest: 'review', label: 21000 }
      : { suggest: 'pass', label: 100 }
  return {
    errcode: 0,
    errmsg: 'ok',
    result: verdict,
    detail: [
      { strategy: 'content_model', errcode: 0, suggest: verdict.suggest, label: verdict.label, prob: verdict.suggest === 'pass' ? 0 : 90 },
      { strategy: 'keyword', errcode: 0, suggest: verdict.suggest, label: verdict.label, level: verdict.suggest === 'pass' ? 0 : 20, keyword: '' },
    ],
    trace_id: traceId,
  }
}

/** subscribe/send: the documented body; 43101 for openids that refused (or used up) the subscription. */
export function subscribeSend(body: WechatJson | null, refusedOpenids: ReadonlySet<string>): WechatJson {
  if (body === null || !hasOnly(body, ['touser', 'template_id', 'page', 'data', 'miniprogram_state', 'lang']) || typeof body.data !== 'object' || body.data === null) {
    return wechatFormatError()
  }
  if (typeof body.touser !== 'string' || body.touser.length === 0) return { errcode: 40003, errmsg: 'invalid openid' }
  if (typeof body.template_id !== 'string' || body.template_id.length === 0) return { errcode: 40037, errmsg: 'invalid template_id' }
  if (refusedOpenids.has(body.touser)) return { errcode: 43101, errmsg: 'user refuse to accept the msg' }
  return { errcode: 0, errmsg: 'ok' }
}
