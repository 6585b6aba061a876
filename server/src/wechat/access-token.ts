/**
 * WeChat's server access token (`cgi-bin/stable_token`): shared through the SharedStore, used until
 * five minutes before expiry, fetched by one caller at a time, and refreshed once (force_refresh)
 * when WeChat rejects it with 40001/42001. The token is a secret: it is never logged.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { WechatCredentials } from '../config'
import type { SharedStore } from '../shared-store/shared-store'
import type { SingleFlight } from '../shared-store/single-flight'
import { ERRCODE_INVALID_TOKEN, ERRCODE_TOKEN_EXPIRED, WechatError, errcodeError, type WechatHttp, type WechatResponseBase } from './wechat-http'

const CACHE_KEY = 'wechat:access_token'
const EXPIRY_MARGIN_SECONDS = 300

interface StableTokenResponse extends WechatResponseBase {
  access_token?: string
  expires_in?: number
}

interface CachedToken {
  token: string
  expiresAt: number
}

export class AccessTokenProvider {
  constructor(
    private readonly http: WechatHttp,
    private readonly credentials: WechatCredentials,
    private readonly store: SharedStore,
    private readonly singleFlight: SingleFlight,
    private readonly log: FastifyBaseLogger,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  private async cached(): Promise<CachedToken | null> {
    const raw = await this.store.get(CACHE_KEY)
    if (raw === null) return null
    const parsed = JSON.parse(raw) as CachedToken
    return parsed.expiresAt - EXPIRY_MARGIN_SECONDS > this.nowSeconds() ? parsed : null
  }

  async get(): Promise<string> {
    const hit = await this.cached()
    if (hit !== null) return hit.token
    return this.singleFlight.run('wechat:access_token:fetch', () => this.fetch(false), () => this.followerToken(), { lockTtlMs: 15000, waitMs: 15000 })
  }

  /** After WeChat rejected `rejected`: one forced refresh however many callers saw the rejection. */
  async refreshAfterRejection(rejected: string): Promise<string> {
    const hit = await this.cached()
    if (hit !== null && hit.token !== rejected) return hit.token
    return this.singleFlight.run(
      'wechat:access_token:fetch',
      async () => {
        const again = await this.cached()
        if (again !== null && again.token !== rejected) return again.token
        return this.fetch(true)
      },
      () => this.followerToken(),
      { lockTtlMs: 15000, waitMs: 15000 },
    )
  }

  /** Runs `call` with a token; on 40001/42001 refreshes once and retries once. */
  async withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    const token = await this.get()
    try {
      return await call(token)
    } catch (err) {
      if (!(err instanceof WechatError) || (err.errcode !== ERRCODE_INVALID_TOKEN && err.errcode !== ERRCODE_TOKEN_EXPIRED)) throw err
      this.log.warn({ errcode: err.errcode }, 'wechat rejected the access token; refreshing once')
      return call(await this.refreshAfterRejection(token))
    }
  }

  private async followerToken(): Promise<string> {
    const hit = await this.cached()
    if (hit === null) throw new WechatError('network', 'access token refresh by another instance did not complete')
    return hit.token
  }

  private async fetch(forceRefresh: boolean): Promise<string> {
    const path = '/cgi-bin/stable_token'
    const body = await this.http.request<StableTokenResponse>({
      method: 'POST',
      path,
      body: { grant_type: 'client_credential', appid: this.credentials.appId, secret: this.credentials.appSecret, force_refresh: forceRefresh },
    })
    if ((body.errcode ?? 0) !== 0 || typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') {
      throw errcodeError(path, body)
    }
    const cached: CachedToken = { token: body.access_token, expiresAt: this.nowSeconds() + body.expires_in }
    await this.store.set(CACHE_KEY, JSON.stringify(cached), body.expires_in)
    this.log.info({ expiresIn: body.expires_in, forceRefresh }, 'wechat access token fetched')
    return cached.token
  }
}
