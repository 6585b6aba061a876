/** `sns/jscode2session`: a wx.login code → openid. The session_key is deliberately dropped. */
import { ApiError } from '../errors'
import type { WechatCredentials } from '../config'
import { WechatError, type WechatHttp, type WechatResponseBase } from './wechat-http'

interface Code2SessionResponse extends WechatResponseBase {
  openid?: string
  session_key?: string
  unionid?: string
}

export async function exchangeLoginCode(http: WechatHttp, credentials: WechatCredentials, code: string): Promise<{ openid: string; unionid?: string }> {
  let body: Code2SessionResponse
  try {
    body = await http.request<Code2SessionResponse>({
      method: 'GET',
      path: '/sns/jscode2session',
      query: { appid: credentials.appId, secret: credentials.appSecret, js_code: code, grant_type: 'authorization_code' },
    })
  } catch (err) {
    if (err instanceof WechatError) throw new ApiError(502, 'upstream_unavailable', `WeChat sign-in is unavailable: ${err.failure}`)
    throw err
  }
  const errcode = body.errcode ?? 0
  if (errcode === 0 && typeof body.openid === 'string' && body.openid.length > 0) {
    return body.unionid === undefined ? { openid: body.openid } : { openid: body.openid, unionid: body.unionid }
  }
  if (errcode === 40029 || errcode === 40163) throw new ApiError(400, 'invalid_code', 'the wx.login code is invalid or already used', 'code')
  if (errcode === 45011) throw new ApiError(429, 'rate_limited', 'WeChat sign-in is rate limited, retry in a minute')
  if (errcode === 40226) throw new ApiError(403, 'blocked_user', 'WeChat flagged this user as high risk')
  throw new ApiError(502, 'upstream_unavailable', `WeChat sign-in answered errcode ${errcode}`)
}
