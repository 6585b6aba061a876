/**
 * WeChat's server HTTP API, played by a local node:http server on 127.0.0.1. It follows the
 * documented JSON of stable_token, jscode2session, getliveinfo (rooms and get_replay) and
 * msg_sec_check (version 2), getwxacodeunlimit (an image, or JSON on failure), records
 * every call in a ledger, and injects the faults the platform really produces: HTTP 5xx,
 * timeouts, quota 45009, token invalidation (40001) and arbitrary errcodes.
 */
import http from 'node:http'
import { LoopbackHttpFake } from './loopback-http'
import { FAKE_APPID, FAKE_APPSECRET, fakeCodeImage, type FakeLiveRoom, type FakeReplay } from './wechat-api-fixtures'

export interface LedgerEntry {
  method: string
  path: string
  query: Record<string, string>
  body: Record<string, unknown> | null
}

export type Fault =
  | { kind: 'http'; status: number }
  /** Holds the request without answering until the fake closes (the client must time out). */
  | { kind: 'timeout' }
  | { kind: 'errcode'; errcode: number; errmsg?: string }

type Json = Record<string, unknown>

export class FakeWechatApi extends LoopbackHttpFake {
  readonly ledger: LedgerEntry[] = []
  rooms: FakeLiveRoom[] = []
  readonly replays = new Map<number, FakeReplay[]>()
  /** wx.login codes that jscode2session accepts once each. */
  readonly loginCodes = new Map<string, { openid: string; unionid?: string }>()
  /** errcode for "no rooms": 9410000 today, 1 on older accounts. */
  emptyListErrcode = 9410000
  /** Delay before answering getliveinfo, to widen race windows in concurrency tests. */
  liveInfoDelayMs = 0
  /** msg_sec_check answers `risky` for content containing any of these, `review` for the next list, `pass` otherwise. */
  riskyMarkers: string[] = ['[risky]']
  reviewMarkers: string[] = ['[review]']
  /** subscribe/send answers 43101 (the user refused, or used up the subscription) for these openids. */
  readonly refusedOpenids = new Set<string>()
  /** When set, subscribe/send holds each answer until this settles (the request is in the ledger already). */
  subscribeSendGate: Promise<void> | null = null
  /** subscribe/send calls answered so far, in order, with their errcode (faults excluded). */
  readonly subscribeSendAnswers: { touser: unknown; errcode: number }[] = []

  /**
   * Pages of the released version: getwxacodeunlimit with check_path (the default) answers 41030
   * for any other page, as WeChat does before the first release.
   */
  releasedPages = new Set<string>(['share/entry/index'])
  /** Codes answered so far: the scene and page each image encodes. */
  readonly codesMade: { scene: string; page: string; envVersion: string }[] = []

  /** is_trade_managed answers this (the account is under 小程序发货信息管理服务). */
  tradeManaged = true
  /** Bodies of upload_shipping_info calls that succeeded, in order (inject 10060001 with injectFault). */
  readonly shippingUploads: Json[] = []
  /** Orders already shipped once: a second upload for the same order is a re-ship, allowed once. */
  private readonly shippedOrderKeys = new Map<string, number>()

  private readonly faults: { path: string; fault: Fault }[] = []
  private validTokens = new Set<string>()
  private currentToken: string | null = null
  private tokenSerial = 0

  constructor(
    readonly appId = FAKE_APPID,
    readonly appSecret = FAKE_APPSECRET,
  ) {
    super()
  }

  /** The next `times` calls to `path` fail with `fault`, in the order injected. */
  injectFault(path: string, fault: Fault, times = 1): void {
    for (let i = 0; i < times; i += 1) this.faults.push({ path, fault })
  }

  clearFaults(): void {
    this.faults.length = 0
  }

  /** WeChat invalidated every issued token (e.g. the secret was reset elsewhere): the next use answers 40001. */
  revokeTokens(): void {
    this.validTokens = new Set()
    this.currentToken = null
  }

  /** Every access token ever issued, to check none of them reached the logs. */
  readonly issuedTokens: string[] = []

  callsTo(path: string): LedgerEntry[] {
    return this.ledger.filter((c) => c.path === path)
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    let body: Json | null = null
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw) as Json
      } catch {
        return this.send(res, { errcode: 47001, errmsg: 'data format error' })
      }
    }
    this.ledger.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), body })

    const faultIndex = this.faults.findIndex((f) => f.path === url.pathname)
    if (faultIndex >= 0) {
      const [{ fault }] = this.faults.splice(faultIndex, 1) as [{ path: string; fault: Fault }]
      if (fault.kind === 'timeout') {
        this.held.push(res)
        return undefined
      }
      if (fault.kind === 'http') {
        res.writeHead(fault.status, { 'content-type': 'text/html' })
        res.end('<html>Bad Gateway</html>')
        return undefined
      }
      return this.send(res, { errcode: fault.errcode, errmsg: fault.errmsg ?? 'injected' })
    }

    switch (url.pathname) {
      case '/cgi-bin/stable_token':
        return this.send(res, this.stableToken(body))
      case '/sns/jscode2session':
        return this.send(res, this.jscode2session(url.searchParams))
      case '/wxa/business/getliveinfo':
        if (this.liveInfoDelayMs > 0) await new Promise((r) => setTimeout(r, this.liveInfoDelayMs))
        return this.send(res, this.getLiveInfo(url.searchParams.get('access_token'), body))
      case '/wxa/msg_sec_check':
        return this.send(res, this.msgSecCheck(url.searchParams.get('access_token'), body))
      case '/cgi-bin/message/subscribe/send': {
        if (this.subscribeSendGate !== null) await this.subscribeSendGate
        const answer = this.subscribeSend(url.searchParams.get('access_token'), body)
        this.subscribeSendAnswers.push({ touser: body?.touser, errcode: Number(answer.errcode) })
        return this.send(res, answer)
      }
      case '/wxa/getwxacodeunlimit':
        return this.getUnlimited(res, url.searchParams.get('access_token'), body)
      case '/wxa/sec/order/is_trade_managed':
        return this.send(res, this.isTradeManaged(url.searchParams.get('access_token'), body))
      case '/wxa/sec/order/upload_shipping_info': {
        const answer = this.uploadShippingInfo(url.searchParams.get('access_token'), body)
        if (answer.errcode === 0) this.shippingUploads.push(body ?? {})
        return this.send(res, answer)
      }
      default:
        return this.send(res, { errcode: 404, errmsg: `no fake for ${url.pathname}` })
    }
  }

  private send(res: http.ServerResponse, json: Json): void {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(json))
  }

  /** What WeChat answers a call whose access_token is missing (41001) or not the latest (40001); null when it is valid. */
  private tokenRefusal(token: string | null): Json | null {
    if (token === null) return { errcode: 41001, errmsg: 'access_token missing' }
    if (!this.validTokens.has(token)) return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' }
    return null
  }

  private stableToken(body: Json | null): Json {
    if (body?.grant_type !== 'client_credential') return { errcode: 40002, errmsg: 'invalid grant_type' }
    if (body.appid !== this.appId) return { errcode: 40013, errmsg: 'invalid appid' }
    if (body.secret !== this.appSecret) return { errcode: 40125, errmsg: 'invalid appsecret' }
    if (body.force_refresh === true || this.currentToken === null) {
      // A forced refresh invalidates the previous token, as WeChat documents for stable_token.
      this.tokenSerial += 1
      this.currentToken = `FAKE_ACCESS_TOKEN_${this.tokenSerial}_${Math.random().toString(36).slice(2)}`
      this.validTokens = new Set([this.currentToken])
      this.issuedTokens.push(this.currentToken)
    }
    return { access_token: this.currentToken, expires_in: 7200 }
  }

  private jscode2session(q: URLSearchParams): Json {
    if (q.get('appid') !== this.appId || q.get('secret') !== this.appSecret) return { errcode: 40125, errmsg: 'invalid appsecret' }
    if (q.get('grant_type') !== 'authorization_code') return { errcode: 40002, errmsg: 'invalid grant_type' }
    const code = q.get('js_code') ?? ''
    const who = this.loginCodes.get(code)
    if (who === undefined) return { errcode: 40029, errmsg: 'invalid code' }
    this.loginCodes.delete(code)
    return { openid: who.openid, session_key: `session-key-of-${who.openid}`, ...(who.unionid === undefined ? {} : { unionid: who.unionid }) }
  }

  private getLiveInfo(token: string | null, body: Json | null): Json {
    const refused = this.tokenRefusal(token)
    if (refused) return refused
    const start = typeof body?.start === 'number' ? body.start : 0
    const limit = typeof body?.limit === 'number' ? body.limit : 10
    if (body?.action === 'get_replay') {
      const replays = this.replays.get(Number(body.room_id)) ?? []
      return { errcode: 0, errmsg: 'ok', live_replay: replays.slice(start, start + limit), total: replays.length }
    }
    if (this.rooms.length === 0 || start >= this.rooms.length) return { errcode: this.emptyListErrcode, errmsg: 'no room' }
    return { errcode: 0, errmsg: 'ok', room_info: this.rooms.slice(start, start + limit), total: this.rooms.length }
  }

  /** msg_sec_check v2: labels 100 normal, 20001 politics, 20002 porn, 20003 abuse, 21000 other. */
  private msgSecCheck(token: string | null, body: Json | null): Json {
    const refused = this.tokenRefusal(token)
    if (refused) return refused
    // WeChat rejects a body with fields it does not expect (such as the token) as a format error.
    const allowed = new Set(['content', 'version', 'scene', 'openid', 'title', 'nickname', 'signature'])
    if (body === null || Object.keys(body).some((k) => !allowed.has(k)) || body.version !== 2 || typeof body.content !== 'string') {
      return { errcode: 47001, errmsg: 'data format error' }
    }
    if (typeof body.openid !== 'string' || body.openid.length === 0) return { errcode: 40003, errmsg: 'invalid openid' }
    if (typeof body.scene !== 'number' || ![1, 2, 3, 4].includes(body.scene)) return { errcode: 40003, errmsg: 'invalid scene' }
    const content = body.content
    const verdict = this.riskyMarkers.some((m) => content.includes(m))
      ? { suggest: 'risky', label: 20003 }
      : this.reviewMarkers.some((m) => content.includes(m))
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
      trace_id: `fake-trace-${this.ledger.length}`,
    }
  }

  /**
   * getwxacodeunlimit: scene of 1–32 visible characters from WeChat's set, page without a leading
   * slash or query; the answer is a JPEG whose bytes name the scene and page (so tests can read a
   * code back), or JSON with the errcode. Errors: 40129 bad scene, 41030 page not released.
   */
  private getUnlimited(res: http.ServerResponse, token: string | null, body: Json | null): void {
    const refused = this.tokenRefusal(token)
    if (refused) return this.send(res, refused)
    const scene = body?.scene
    if (typeof scene !== 'string' || !/^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/.test(scene)) return this.send(res, { errcode: 40129, errmsg: 'invalid scene' })
    const page = typeof body?.page === 'string' ? body.page : ''
    if (page.startsWith('/') || page.includes('?')) return this.send(res, { errcode: 41030, errmsg: 'invalid page' })
    if (body?.check_path !== false && page !== '' && !this.releasedPages.has(page)) return this.send(res, { errcode: 41030, errmsg: 'invalid page rid: fake' })
    const width = body?.width ?? 430
    if (typeof width !== 'number' || width < 280 || width > 1280) return this.send(res, { errcode: 40097, errmsg: 'invalid args' })
    const envVersion = typeof body?.env_version === 'string' ? body.env_version : 'release'
    this.codesMade.push({ scene, page, envVersion })
    res.writeHead(200, { 'content-type': 'image/jpeg' })
    res.end(fakeCodeImage(scene, page))
  }

  /** is_trade_managed: the documented body is {appid}. */
  private isTradeManaged(token: string | null, body: Json | null): Json {
    const refused = this.tokenRefusal(token)
    if (refused) return refused
    if (body?.appid !== this.appId) return { errcode: 40013, errmsg: 'invalid appid' }
    return { errcode: 0, errmsg: 'ok', is_trade_managed: this.tradeManaged }
  }

  /**
   * upload_shipping_info (reference §12.2): order_key by transaction_id (type 2) or mchid and
   * out_trade_no (type 1), express needs tracking_no and express_company, SF needs a contact, a
   * payer openid and an upload_time are required; a payment may be shipped again once.
   */
  private uploadShippingInfo(token: string | null, body: Json | null): Json {
    const refused = this.tokenRefusal(token)
    if (refused) return refused
    const invalid = { errcode: 47001, errmsg: 'data format error' }
    if (body === null) return invalid
    const key = body.order_key as Json | undefined
    const keyText =
      key?.order_number_type === 2 && typeof key.transaction_id === 'string'
        ? `t:${key.transaction_id}`
        : key?.order_number_type === 1 && typeof key.mchid === 'string' && typeof key.out_trade_no === 'string'
          ? `o:${key.mchid}:${key.out_trade_no}`
          : null
    if (keyText === null) return invalid
    if (![1, 2, 3, 4].includes(Number(body.logistics_type)) || ![1, 2].includes(Number(body.delivery_mode))) return invalid
    const list = body.shipping_list
    if (!Array.isArray(list) || list.length === 0) return invalid
    for (const item of list as Json[]) {
      if (typeof item.item_desc !== 'string' || item.item_desc.length === 0 || item.item_desc.length > 120) return invalid
      if (body.logistics_type === 1 && (typeof item.tracking_no !== 'string' || typeof item.express_company !== 'string')) return invalid
      if (item.express_company === 'SF' && typeof item.contact !== 'object') return invalid
    }
    if (typeof body.upload_time !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+08:00$/.test(body.upload_time)) return invalid
    const payer = body.payer as Json | undefined
    if (typeof payer?.openid !== 'string' || payer.openid.length === 0) return { errcode: 40003, errmsg: 'invalid openid' }
    const times = this.shippedOrderKeys.get(keyText) ?? 0
    // The code WeChat answers for a payment it will not take shipping for (reference §12.2).
    if (times >= 2) return { errcode: 10060004, errmsg: '支付单处于不可发货的状态' }
    this.shippedOrderKeys.set(keyText, times + 1)
    return { errcode: 0, errmsg: 'ok' }
  }

  /** subscribe/send: the token in the URL, the documented body; 43101 for refused openids. */
  private subscribeSend(token: string | null, body: Json | null): Json {
    const refused = this.tokenRefusal(token)
    if (refused) return refused
    const allowed = new Set(['touser', 'template_id', 'page', 'data', 'miniprogram_state', 'lang'])
    if (body === null || Object.keys(body).some((k) => !allowed.has(k)) || typeof body.data !== 'object' || body.data === null) return { errcode: 47001, errmsg: 'data format error' }
    if (typeof body.touser !== 'string' || body.touser.length === 0) return { errcode: 40003, errmsg: 'invalid openid' }
    if (typeof body.template_id !== 'string' || body.template_id.length === 0) return { errcode: 40037, errmsg: 'invalid template_id' }
    if (this.refusedOpenids.has(body.touser)) return { errcode: 43101, errmsg: 'user refuse to accept the msg' }
    return { errcode: 0, errmsg: 'ok' }
  }
}
