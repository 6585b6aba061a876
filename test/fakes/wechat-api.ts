/**
 * WeChat's server HTTP API, played by a local node:http server on 127.0.0.1: the state tests set
 * and read, the ledger of every call, and the faults the platform really produces (HTTP 5xx,
 * timeouts, quota 45009, token invalidation 40001, arbitrary errcodes). Each API family follows
 * its documented JSON in its own file: credentials (wechat-api-credentials.ts), live rooms
 * (wechat-api-live.ts), content checks and subscription messages (wechat-api-messages.ts), codes
 * (wechat-api-wxacode.ts), shipping information (wechat-api-shipping.ts).
 */
import http from 'node:http'
import { LoopbackHttpFake } from './loopback-http'
import { FakeAccessTokens, jscode2session } from './wechat-api-credentials'
import { FAKE_APPID, FAKE_APPSECRET, wechatFormatError, type FakeLiveRoom, type FakeReplay, type WechatJson as Json } from './wechat-api-fixtures'
import { getLiveInfo } from './wechat-api-live'
import { msgSecCheck, subscribeSend } from './wechat-api-messages'
import { isTradeManaged, uploadShippingInfo } from './wechat-api-shipping'
import { getUnlimitedCode, type FakeCodeMade } from './wechat-api-wxacode'

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
  readonly codesMade: FakeCodeMade[] = []

  /** is_trade_managed answers this (the account is under 小程序发货信息管理服务). */
  tradeManaged = true
  /** Bodies of upload_shipping_info calls that succeeded, in order (inject 10060001 with injectFault). */
  readonly shippingUploads: Json[] = []
  /** Orders already shipped once: a second upload for the same order is a re-ship, allowed once. */
  private readonly shippedOrderKeys = new Map<string, number>()

  private readonly faults: { path: string; fault: Fault }[] = []
  private readonly tokens: FakeAccessTokens

  constructor(
    readonly appId = FAKE_APPID,
    readonly appSecret = FAKE_APPSECRET,
  ) {
    super()
    this.tokens = new FakeAccessTokens(this)
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
    this.tokens.revoke()
  }

  /** Every access token ever issued, to check none of them reached the logs. */
  get issuedTokens(): readonly string[] {
    return this.tokens.issued
  }

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
        return this.send(res, wechatFormatError())
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

    // Every call but the credentials ones carries the access token in its query.
    const refusal = (): Json | null => this.tokens.refusal(url.searchParams.get('access_token'))
    switch (url.pathname) {
      case '/cgi-bin/stable_token':
        return this.send(res, this.tokens.stableToken(body))
      case '/sns/jscode2session':
        return this.send(res, jscode2session(url.searchParams, this, this.loginCodes))
      case '/wxa/business/getliveinfo':
        if (this.liveInfoDelayMs > 0) await new Promise((r) => setTimeout(r, this.liveInfoDelayMs))
        return this.send(res, refusal() ?? getLiveInfo(body, this))
      case '/wxa/msg_sec_check':
        return this.send(res, refusal() ?? msgSecCheck(body, this, `fake-trace-${this.ledger.length}`))
      case '/cgi-bin/message/subscribe/send': {
        if (this.subscribeSendGate !== null) await this.subscribeSendGate
        const answer = refusal() ?? subscribeSend(body, this.refusedOpenids)
        this.subscribeSendAnswers.push({ touser: body?.touser, errcode: Number(answer.errcode) })
        return this.send(res, answer)
      }
      case '/wxa/getwxacodeunlimit': {
        const refused = refusal()
        if (refused) return this.send(res, refused)
        const answer = getUnlimitedCode(body, this.releasedPages)
        if (answer.kind === 'json') return this.send(res, answer.json)
        this.codesMade.push(answer.made)
        res.writeHead(200, { 'content-type': 'image/jpeg' })
        res.end(answer.image)
        return undefined
      }
      case '/wxa/sec/order/is_trade_managed':
        return this.send(res, refusal() ?? isTradeManaged(body, this.appId, this.tradeManaged))
      case '/wxa/sec/order/upload_shipping_info': {
        const answer = refusal() ?? uploadShippingInfo(body, this.shippedOrderKeys)
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
}
