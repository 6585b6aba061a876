/**
 * WeChat's credentials API for the fake (wechat-api.ts): stable_token issues the access token
 * every other call carries, jscode2session trades a wx.login code for the user's openid once.
 */
import type { WechatJson } from './wechat-api-fixtures'

export interface FakeWechatApp {
  readonly appId: string
  readonly appSecret: string
}

/** The access tokens WeChat issued and still takes: only the latest one is valid. */
export class FakeAccessTokens {
  /** Every access token ever issued, to check none of them reached the logs. */
  readonly issued: string[] = []
  private valid = new Set<string>()
  private current: string | null = null
  private serial = 0

  constructor(private readonly app: FakeWechatApp) {}

  /** WeChat invalidated every issued token (e.g. the secret was reset elsewhere). */
  revoke(): void {
    this.valid = new Set()
    this.current = null
  }

  /** What WeChat answers a call whose access_token is missing (41001) or not the latest (40001); null when it is valid. */
  refusal(token: string | null): WechatJson | null {
    if (token === null) return { errcode: 41001, errmsg: 'access_token missing' }
    if (!this.valid.has(token)) return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' }
    return null
  }

  stableToken(body: WechatJson | null): WechatJson {
    if (body?.grant_type !== 'client_credential') return { errcode: 40002, errmsg: 'invalid grant_type' }
    if (body.appid !== this.app.appId) return { errcode: 40013, errmsg: 'invalid appid' }
    if (body.secret !== this.app.appSecret) return { errcode: 40125, errmsg: 'invalid appsecret' }
    if (body.force_refresh === true || this.current === null) {
      // A forced refresh invalidates the previous token, as WeChat documents for stable_token.
      this.serial += 1
      this.current = `FAKE_ACCESS_TOKEN_${this.serial}_${Math.random().toString(36).slice(2)}`
      this.valid = new Set([this.current])
      this.issued.push(this.current)
    }
    return { access_token: this.current, expires_in: 7200 }
  }
}

/** jscode2session: `loginCodes` holds the wx.login codes it accepts, each used up by its first exchange. */
export function jscode2session(q: URLSearchParams, app: FakeWechatApp, loginCodes: Map<string, { openid: string; unionid?: string }>): WechatJson {
  if (q.get('appid') !== app.appId || q.get('secret') !== app.appSecret) return { errcode: 40125, errmsg: 'invalid appsecret' }
  if (q.get('grant_type') !== 'authorization_code') return { errcode: 40002, errmsg: 'invalid grant_type' }
  const code = q.get('js_code') ?? ''
  const who = loginCodes.get(code)
  if (who === undefined) return { errcode: 40029, errmsg: 'invalid code' }
  loginCodes.delete(code)
  return { openid: who.openid, session_key: `session-key-of-${who.openid}`, ...(who.unionid === undefined ? {} : { unionid: who.unionid }) }
}
