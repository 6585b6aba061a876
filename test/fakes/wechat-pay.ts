/**
 * WeChat Pay APIv3, played by a loopback HTTP server (there is no APIv3 sandbox). It follows the
 * documented contract (reference §2–§9): every request's `Authorization: WECHATPAY2-SHA256-RSA2048`
 * signature is checked with the merchant public key (401 otherwise); every answer is signed with the
 * WeChat Pay key (`PUB_KEY_ID_…`, or the platform certificate's key) and carries a `Request-ID`
 * ending in the numeric error code. It keeps orders (NOTPAY/SUCCESS/CLOSED/REFUND) and refunds,
 * records every call, injects the platform's faults and builds signed, encrypted notifications.
 * Its records, routes and answers are typed in wechat-pay-records.ts.
 */
import { randomBytes, verify } from 'node:crypto'
import http from 'node:http'
import { LoopbackHttpFake } from './loopback-http'
import { buildNotification, signMessage, type BuiltNotification, type NotificationKind, type NotificationOptions } from './wechat-pay-notifications'
import type { WechatPayTestKeys } from './wechat-pay-keys'
import { Answer, canonical, digits, fail, isObj, JSAPI_FIELDS, REFUND_FIELDS, rfc3339, ROUTES, type FakePayOrder, type FakeRefund, type Json, type PayFault, type PayLedgerEntry, type PayRoute } from './wechat-pay-records'

export type { FakePayOrder, FakeRefund, PayFault, PayLedgerEntry, PayRoute } from './wechat-pay-records'

export class FakeWechatPay extends LoopbackHttpFake {
  readonly ledger: PayLedgerEntry[] = []
  readonly orders = new Map<string, FakePayOrder>()
  readonly refunds = new Map<string, FakeRefund>()
  /** Which WeChat Pay key signs answers: the public key (default) or the platform certificate's. */
  answerSignedWith: 'public-key' | 'platform-cert' = 'public-key'
  private readonly faults: { route: PayRoute; fault: PayFault }[] = []

  constructor(
    readonly keys: WechatPayTestKeys,
    /** The clock notifications are stamped with (the server's fake clock in route tests). */
    private readonly nowMs: () => number = Date.now,
  ) {
    super()
  }

  /** The next `times` calls to `route` meet `fault`, in the order injected. */
  injectFault(route: PayRoute, fault: PayFault, times = 1): void {
    for (let i = 0; i < times; i += 1) this.faults.push({ route, fault })
  }

  callsTo = (route: PayRoute): PayLedgerEntry[] => this.ledger.filter((c) => c.route === route)

  /** The shopper paid: the order turns SUCCESS; returns its transaction as a notification carries it. */
  markPaid(outTradeNo: string): Json {
    const order = this.orders.get(outTradeNo)
    if (order === undefined || order.state !== 'NOTPAY') throw new Error(`markPaid: order ${outTradeNo} is ${order?.state ?? 'unknown'}`)
    order.state = 'SUCCESS'
    order.transactionId = `4200${digits(24)}`
    order.successTime = rfc3339(this.nowMs())
    return this.transactionJson(outTradeNo, order)
  }

  /** WeChat Pay finished a refund (SUCCESS, CLOSED or ABNORMAL); returns it as its notification carries it. */
  settleRefund(outRefundNo: string, status: 'SUCCESS' | 'CLOSED' | 'ABNORMAL' = 'SUCCESS'): Json {
    const refund = this.refunds.get(outRefundNo)
    if (refund === undefined) throw new Error(`settleRefund: no refund ${outRefundNo}`)
    refund.status = status
    refund.successTime = status === 'SUCCESS' ? rfc3339(this.nowMs()) : null
    const { status: refundStatus, ...rest } = this.refundJson(outRefundNo, refund)
    return { ...rest, mchid: this.keys.mchId, refund_status: refundStatus }
  }

  transactionJson(outTradeNo: string, order: FakePayOrder): Json {
    const amount = order.request.amount as Json
    const paid = order.state === 'SUCCESS' || order.state === 'REFUND'
    return {
      appid: this.keys.appId,
      mchid: this.keys.mchId,
      out_trade_no: outTradeNo,
      ...(paid ? { transaction_id: order.transactionId, bank_type: 'OTHERS', success_time: order.successTime } : {}),
      trade_type: 'JSAPI',
      trade_state: order.state,
      trade_state_desc: { NOTPAY: '未支付', SUCCESS: '支付成功', CLOSED: '已关闭', REFUND: '转入退款' }[order.state],
      ...(order.request.attach === undefined ? {} : { attach: order.request.attach }),
      payer: paid ? order.request.payer : {},
      amount: { total: amount.total, payer_total: paid ? amount.total : 0, currency: 'CNY', payer_currency: 'CNY' },
    }
  }

  /** A notification signed with a WeChat Pay key and encrypted with the APIv3 key. */
  notification(kind: NotificationKind, resource: Json, options: NotificationOptions = {}): BuiltNotification {
    return buildNotification({ apiV3Key: this.keys.apiV3Key, nowSeconds: () => Math.floor(this.nowMs() / 1000), keyFor: (which) => this.signingKey(which) }, kind, resource, options)
  }

  private signingKey(which: 'public-key' | 'platform-cert'): { id: string; privateKeyPem: string } {
    return which === 'public-key'
      ? { id: this.keys.wechatPay.publicKeyId, privateKeyPem: this.keys.wechatPay.privateKeyPem }
      : { id: this.keys.platform.serial, privateKeyPem: this.keys.platform.privateKeyPem }
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    const url = req.url ?? '/'
    const parsed = new URL(url, 'http://127.0.0.1')
    const method = req.method ?? 'GET'
    const match = ROUTES.map((r) => ({ r, m: r.method === method ? r.pattern.exec(parsed.pathname) : null })).find((x) => x.m !== null)
    let body: Json | null = null
    try {
      body = raw === '' ? null : (JSON.parse(raw) as Json)
    } catch {
      // Not JSON: answered 400 PARAM_ERROR below.
    }
    const authorized = this.authorized(method, url, raw, req.headers.authorization)
    const entry: PayLedgerEntry = { route: match?.r.route ?? null, method, url, body, authorized, status: 0 }
    this.ledger.push(entry)
    const index = match === undefined ? -1 : this.faults.findIndex((f) => f.route === match.r.route)
    const fault = index < 0 ? undefined : this.faults.splice(index, 1)[0]?.fault
    if (fault?.kind === 'timeout') {
      this.held.push(res)
      return
    }
    let answer: Answer
    if (!authorized) answer = fail(401, 'SIGN_ERROR', '签名错误', 268443699)
    else if (fault?.kind === 'http') answer = fail(fault.status, fault.code ?? 'SYSTEM_ERROR', fault.message ?? '系统错误', fault.errorCode ?? 268435456)
    else if (fault?.kind === 'frequency') answer = fail(429, 'FREQUENCY_LIMITED', '频率超限', 268447840)
    else if (match === undefined) answer = fail(404, 'NOT_FOUND', `no fake for ${method} ${parsed.pathname}`, 268435457)
    else if (raw !== '' && body === null) answer = fail(400, 'PARAM_ERROR', '请求体不是合法的JSON', 268435461)
    else answer = this.route(match.r.route, decodeURIComponent(match.m?.[1] ?? ''), body ?? {}, parsed.searchParams)
    entry.status = answer.status
    this.send(res, answer, fault?.kind === 'bad-signature')
  }

  /** WECHATPAY2-SHA256-RSA2048 over `METHOD\nurl\ntimestamp\nnonce\nbody\n`, our merchant, its serial, ±300 s. */
  private authorized(method: string, url: string, raw: string, header: string | undefined): boolean {
    const scheme = 'WECHATPAY2-SHA256-RSA2048 '
    if (header === undefined || !header.startsWith(scheme)) return false
    const fields = Object.fromEntries(Array.from(header.slice(scheme.length).matchAll(/(\w+)="([^"]*)"/g), (m) => [m[1], m[2]]))
    const { mchid, serial_no: serial, timestamp, nonce_str: nonce, signature } = fields
    if (mchid !== this.keys.mchId || serial !== this.keys.merchant.serial || timestamp === undefined || nonce === undefined || signature === undefined) return false
    if (Math.abs(Math.floor(Date.now() / 1000) - Number(timestamp)) > 300) return false
    const message = `${method}\n${url}\n${timestamp}\n${nonce}\n${raw}\n`
    return verify('sha256', Buffer.from(message), this.keys.merchant.publicKeyPem, Buffer.from(signature, 'base64'))
  }

  /** Answers signed as WeChat Pay signs them: `timestamp\nnonce\nbody\n`, on the wall clock the plugin checks. */
  private send(res: http.ServerResponse, answer: Answer, badSignature: boolean): void {
    const text = answer.body === null ? '' : JSON.stringify(answer.body)
    const timestamp = String(Math.floor(Date.now() / 1000))
    const nonce = randomBytes(16).toString('hex')
    const key = this.signingKey(this.answerSignedWith)
    const signature = signMessage(`${timestamp}\n${nonce}\n${badSignature ? `${text} ` : text}\n`, key.privateKeyPem)
    res.writeHead(answer.status, {
      ...(text === '' ? {} : { 'content-type': 'application/json' }),
      'request-id': `08${randomBytes(8).toString('hex').toUpperCase()}-${answer.errorCode}`,
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonce,
      'wechatpay-serial': key.id,
      'wechatpay-signature': signature,
    })
    res.end(text)
  }

  private route(route: PayRoute, no: string, body: Json, query: URLSearchParams): Answer {
    if (route === 'jsapi') return this.jsapi(body)
    if (route === 'refund') return this.refund(body)
    if (route === 'query-refund') {
      const refund = this.refunds.get(no)
      return refund === undefined ? fail(404, 'RESOURCE_NOT_EXISTS', '退款单不存在', 268449556) : new Answer(200, this.refundJson(no, refund))
    }
    const mchid = route === 'query' ? query.get('mchid') : body.mchid
    if (mchid !== this.keys.mchId) return fail(400, 'PARAM_ERROR', 'mchid与请求方不一致', 268447843)
    const order = this.orders.get(no)
    if (order === undefined) return fail(404, 'ORDER_NOT_EXIST', '订单不存在', 268512771)
    if (route === 'query') return new Answer(200, this.transactionJson(no, order))
    if (order.state === 'SUCCESS' || order.state === 'REFUND') return fail(400, 'ORDERPAID', '订单已支付', 268449538)
    order.state = 'CLOSED'
    return new Answer(204, null)
  }

  private jsapi(body: Json): Answer {
    const amount = body.amount
    const payer = body.payer
    const extra = Object.keys(body).find((k) => !JSAPI_FIELDS.has(k))
    if (extra !== undefined) return fail(400, 'PARAM_ERROR', `未定义的参数 ${extra}`, 270924358)
    if (body.appid !== this.keys.appId || body.mchid !== this.keys.mchId) return fail(400, 'PARAM_ERROR', 'appid和mch_id不匹配', 268445527)
    const problems = [
      typeof body.description !== 'string' || body.description.length === 0 || Array.from(body.description).length > 127 ? 'description' : '',
      typeof body.out_trade_no !== 'string' || !/^[0-9A-Za-z_\-|*]{6,32}$/.test(body.out_trade_no) ? 'out_trade_no' : '',
      body.time_expire !== undefined && (typeof body.time_expire !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+08:00$/.test(body.time_expire)) ? 'time_expire' : '',
      typeof body.notify_url !== 'string' || !/^https:\/\/[^?#]+$/.test(body.notify_url) || body.notify_url.length > 255 ? 'notify_url' : '',
      !isObj(amount) || !Number.isSafeInteger(amount.total) || (amount.total as number) < 1 || amount.currency !== 'CNY' ? 'amount' : '',
      !isObj(payer) || typeof payer.openid !== 'string' || payer.openid === '' ? 'payer.openid' : '',
    ].filter((p) => p !== '')
    if (problems.length > 0) return fail(400, 'PARAM_ERROR', `参数错误 ${problems.join(',')}`, 268435461)
    const outTradeNo = body.out_trade_no as string
    const prepayId = `wx${digits(34)}`
    const order = this.orders.get(outTradeNo)
    if (order === undefined) {
      this.orders.set(outTradeNo, { request: body, state: 'NOTPAY', prepayIds: [prepayId], transactionId: null, successTime: null })
      return new Answer(200, { prepay_id: prepayId })
    }
    if (order.state === 'SUCCESS' || order.state === 'REFUND') return fail(400, 'ORDERPAID', '订单已支付', 268449538)
    if (order.state === 'CLOSED') return fail(400, 'ORDER_CLOSED', '订单已关闭', 268447914)
    if (canonical(order.request) !== canonical(body)) return fail(400, 'INVALID_REQUEST', '请求重入时，参数与首次请求时不一致', 268498688)
    order.prepayIds.push(prepayId)
    return new Answer(200, { prepay_id: prepayId })
  }

  private refund(body: Json): Answer {
    const amount = body.amount
    const extra = Object.keys(body).find((k) => !REFUND_FIELDS.has(k))
    if (extra !== undefined) return fail(400, 'PARAM_ERROR', `未定义的参数 ${extra}`, 270924358)
    const outRefundNo = body.out_refund_no
    if (typeof outRefundNo !== 'string' || !/^[0-9A-Za-z_\-|*@]{1,64}$/.test(outRefundNo) || !isObj(amount) || amount.currency !== 'CNY') return fail(400, 'PARAM_ERROR', '参数错误', 268435461)
    if (typeof body.reason === 'string' && Array.from(body.reason).length > 80) return fail(400, 'PARAM_ERROR', 'reason 超长', 268435464)
    const refundFen = amount.refund
    const totalFen = amount.total
    if (!Number.isSafeInteger(refundFen) || !Number.isSafeInteger(totalFen) || (refundFen as number) < 1) return fail(400, 'PARAM_ERROR', '退款金额不合法', 268435461)
    const existing = this.refunds.get(outRefundNo)
    if (existing !== undefined) {
      // The same out_refund_no again refunds once: the same refund is answered.
      return canonical(existing.request) === canonical(body) ? new Answer(200, this.refundJson(outRefundNo, existing)) : fail(400, 'INVALID_REQUEST', '请求重入时，参数与首次请求时不一致', 268498688)
    }
    const outTradeNo = typeof body.out_trade_no === 'string' ? body.out_trade_no : ''
    const order = this.orders.get(outTradeNo)
    if (order === undefined) return fail(404, 'RESOURCE_NOT_EXISTS', '订单不存在', 268512771)
    if (order.state !== 'SUCCESS' && order.state !== 'REFUND') return fail(403, 'INVALID_REQUEST', '订单未支付', 268449539)
    if ((order.request.amount as Json).total !== totalFen) return fail(400, 'PARAM_ERROR', '订单金额与原订单不一致', 268435464)
    const refunded = [...this.refunds.values()].filter((r) => r.outTradeNo === outTradeNo && r.status !== 'CLOSED').reduce((sum, r) => sum + r.refundFen, 0)
    if (refunded + (refundFen as number) > (totalFen as number)) return fail(403, 'NOT_ENOUGH', '申请退款金额超过订单可退金额', 268449540)
    const refund: FakeRefund = { request: body, outTradeNo, refundId: `50${digits(30)}`, status: 'PROCESSING', refundFen: refundFen as number, totalFen: totalFen as number, createTime: rfc3339(this.nowMs()), successTime: null }
    this.refunds.set(outRefundNo, refund)
    order.state = 'REFUND'
    return new Answer(200, this.refundJson(outRefundNo, refund))
  }

  private refundJson(outRefundNo: string, refund: FakeRefund): Json {
    return {
      refund_id: refund.refundId,
      out_refund_no: outRefundNo,
      transaction_id: this.orders.get(refund.outTradeNo)?.transactionId,
      out_trade_no: refund.outTradeNo,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      create_time: refund.createTime,
      ...(refund.successTime === null ? {} : { success_time: refund.successTime }),
      status: refund.status,
      amount: { total: refund.totalFen, refund: refund.refundFen, payer_total: refund.totalFen, payer_refund: refund.refundFen, settlement_refund: refund.refundFen, settlement_total: refund.totalFen, discount_refund: 0, currency: 'CNY' },
    }
  }
}
