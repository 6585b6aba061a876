/**
 * The PaymentGateway on WeChat Pay APIv3 through wechatpay-axios-plugin: the plugin signs every
 * request with the merchant key and verifies every answer with the WeChat Pay key its
 * `Wechatpay-Serial` names (±300 s). Failures become PaymentProviderError, retryable for network
 * errors, timeouts, 5xx and frequency limits; every answer's `Request-ID` is logged, as WeChat Pay
 * support traces calls by it.
 */
import type { FastifyBaseLogger } from 'fastify'
import { Decorator, Formatter, Rsa } from 'wechatpay-axios-plugin'
import type { Config } from '../config'
import type { PaymentParams } from '../../../miniprogram/contract/order-schemas'
import { PaymentProviderError } from './payment-gateway'
import type { PaymentGateway, PrepayInput, RefundInput, RefundResult, Transaction, VerifiedNotification } from './payment-gateway'
import type { WechatPayConfig } from './wechatpay-config'
import { verifyNotification, type NotificationVerifier } from './wechatpay-notification'
import { refundFrom, transactionFrom } from './wechatpay-resources'

export interface WechatPayDeps {
  nowMs: () => number
  log: FastifyBaseLogger
}

type JsonClient = ReturnType<typeof Decorator.jsonBased>
type ClientConfig = NonNullable<Parameters<typeof Decorator.jsonBased>[0]> & { baseURL: string; timeout: number; maxRedirects: number }

/** Request-ID suffixes (the numeric error code) of "order already paid" and "too frequent" (reference §9). */
const ORDER_PAID_CODES = new Set(['268449538', '268498689'])
const FREQUENCY_CODES = new Set(['268447840'])
const DESCRIPTION_MAX = 127
const REFUND_REASON_MAX = 80

const CHINA_OFFSET_SECONDS = 8 * 3600

/** RFC 3339 in China time, as time_expire wants it: 2015-05-20T13:29:35+08:00. */
export function chinaRfc3339(unixSeconds: number): string {
  return `${new Date((unixSeconds + CHINA_OFFSET_SECONDS) * 1000).toISOString().slice(0, 19)}+08:00`
}

const truncate = (value: string, max: number): string => Array.from(value).slice(0, max).join('')

export class WechatPayGateway implements PaymentGateway {
  readonly mode = 'wechatpay' as const
  readonly appId: string
  readonly mchId: string
  private readonly client: JsonClient
  private readonly verifier: NotificationVerifier

  constructor(
    private readonly config: WechatPayConfig,
    private readonly deps: WechatPayDeps,
  ) {
    this.appId = config.appId
    this.mchId = config.mchId
    const keys = new Map(config.verificationKeys.map((k) => [k.id, k.key]))
    const clientConfig: ClientConfig = {
      mchid: config.mchId,
      serial: config.merchantSerial,
      privateKey: config.merchantPrivateKey,
      certs: Object.fromEntries(keys),
      baseURL: `${config.apiBase}/`,
      timeout: config.timeoutMs,
      maxRedirects: 0,
    }
    this.client = Decorator.jsonBased(clientConfig)
    this.verifier = { apiV3Key: config.apiV3Key, keys, nowMs: deps.nowMs }
  }

  async prepay(input: PrepayInput): Promise<{ prepayId: string }> {
    const data = await this.call('prepay', input.outTradeNo, 'post', 'v3/pay/transactions/jsapi', {
      appid: this.appId,
      mchid: this.mchId,
      description: truncate(input.description, DESCRIPTION_MAX),
      out_trade_no: input.outTradeNo,
      time_expire: chinaRfc3339(input.expireAt),
      ...(input.attach === undefined ? {} : { attach: input.attach }),
      notify_url: this.config.notifyUrl,
      amount: { total: input.totalFen, currency: 'CNY' },
      payer: { openid: input.payerOpenid },
    })
    const prepayId = data?.prepay_id
    if (typeof prepayId !== 'string' || prepayId === '') throw malformed('prepay', 'no prepay_id')
    return { prepayId }
  }

  /** paySign over `appId\ntimeStamp\nnonceStr\nprepay_id=…\n` with the merchant key (reference §4). */
  paymentParams(prepayId: string): PaymentParams {
    const timeStamp = String(Math.floor(this.deps.nowMs() / 1000))
    const nonceStr = Formatter.nonce(32)
    const pkg = `prepay_id=${prepayId}`
    const paySign = Rsa.sign(Formatter.joinedByLineFeed(this.appId, timeStamp, nonceStr, pkg), this.config.merchantPrivateKey)
    return { mode: 'wechatpay', timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign }
  }

  async query(outTradeNo: string): Promise<Transaction> {
    const data = await this.call('query', outTradeNo, 'get', `v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}`, undefined, { mchid: this.mchId })
    const transaction = data === null ? null : transactionFrom(data)
    if (transaction === null) throw malformed('query', 'transaction without appid, mchid, out_trade_no, trade_state or amount.total')
    return transaction
  }

  async close(outTradeNo: string): Promise<void> {
    try {
      await this.call('close', outTradeNo, 'post', `v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`, { mchid: this.mchId })
    } catch (err) {
      // Closing twice is a no-op for the order; WeChat Pay may say so with ORDER_CLOSED.
      if (err instanceof PaymentProviderError && err.code === 'ORDER_CLOSED') return
      throw err
    }
  }

  async refund(input: RefundInput): Promise<RefundResult> {
    const data = await this.call('refund', input.outTradeNo, 'post', 'v3/refund/domestic/refunds', {
      out_trade_no: input.outTradeNo,
      out_refund_no: input.outRefundNo,
      reason: truncate(input.reason, REFUND_REASON_MAX),
      notify_url: this.config.refundNotifyUrl,
      amount: { refund: input.refundFen, total: input.totalFen, currency: 'CNY' },
    })
    return this.refundResult('refund', data)
  }

  async queryRefund(outRefundNo: string): Promise<RefundResult> {
    return this.refundResult('queryRefund', await this.call('queryRefund', outRefundNo, 'get', `v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`))
  }

  verifyNotification(headers: Record<string, string | string[] | undefined>, rawBody: string): VerifiedNotification {
    return verifyNotification(this.verifier, headers, rawBody)
  }

  private refundResult(op: string, data: Record<string, unknown> | null): RefundResult {
    const refund = data === null ? null : refundFrom(data)
    if (refund === null) throw malformed(op, 'refund without out_refund_no, out_trade_no, status or amount.refund')
    return { outRefundNo: refund.outRefundNo, refundId: refund.refundId, status: refund.status, refundFen: refund.refundFen }
  }

  /** One APIv3 call; the JSON object answered (null for 204), or a PaymentProviderError. */
  private async call(
    op: string,
    subject: string,
    method: 'get' | 'post',
    url: string,
    data?: Record<string, unknown>,
    params?: Record<string, string>,
  ): Promise<Record<string, unknown> | null> {
    try {
      const res = await this.client.request<unknown>({ method, url, data, params })
      this.deps.log.info({ wechatpay: { op, subject, status: res.status, requestId: requestIdOf(res.headers) } }, 'WeChat Pay call')
      if (res.status === 204 || res.data === '' || res.data === undefined) return null
      if (typeof res.data !== 'object' || res.data === null || Array.isArray(res.data)) throw malformed(op, 'answer is not a JSON object')
      return res.data as Record<string, unknown>
    } catch (err) {
      if (err instanceof PaymentProviderError) throw err
      const failure = providerError(op, err)
      const level = failure.retryable ? 'warn' : 'error'
      this.deps.log[level]({ wechatpay: { op, subject, status: failure.httpStatus, code: failure.code, requestId: requestIdOf(responseOf(err)?.headers) } }, failure.message)
      throw failure
    }
  }
}

/** What the factory calls: null when WECHATPAY_* is not configured (the simulator is used). */
export function wechatPayGatewayFor(config: Config, deps: WechatPayDeps): WechatPayGateway | null {
  return config.wechatPay === null ? null : new WechatPayGateway(config.wechatPay, deps)
}

function malformed(op: string, what: string): PaymentProviderError {
  return new PaymentProviderError(`WeChat Pay ${op}: unexpected answer (${what})`, 'MALFORMED_RESPONSE', false)
}

interface ResponseLike {
  status: number
  data?: unknown
  headers?: unknown
}

function responseOf(err: unknown): ResponseLike | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const res = (err as { response?: unknown }).response
  return typeof res === 'object' && res !== null && typeof (res as ResponseLike).status === 'number' ? (res as ResponseLike) : undefined
}

function requestIdOf(headers: unknown): string | null {
  if (typeof headers !== 'object' || headers === null) return null
  const id = (headers as Record<string, unknown>)['request-id']
  return typeof id === 'string' ? id : null
}

/** The numeric error code: the part of the Request-ID after its last `-`. */
function numericCode(requestId: string | null): string | null {
  const suffix = requestId?.slice(requestId.lastIndexOf('-') + 1)
  return suffix !== undefined && /^\d{6,}$/.test(suffix) ? suffix : null
}

function providerError(op: string, err: unknown): PaymentProviderError {
  const errCode = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined
  const res = responseOf(err)
  // The plugin refuses an answer whose signature, serial or timestamp does not check out.
  if (typeof errCode === 'string' && errCode.startsWith('EV3_RES_')) {
    return new PaymentProviderError(`WeChat Pay ${op}: answer not verified (${errCode}); its outcome is unknown, query before retrying`, errCode, false, res?.status ?? null)
  }
  if (res === undefined) {
    const timeout = errCode === 'ECONNABORTED' || errCode === 'ETIMEDOUT'
    const detail = typeof errCode === 'string' ? errCode : 'no answer'
    return new PaymentProviderError(`WeChat Pay ${op}: ${timeout ? 'timed out' : `network failure (${detail})`}`, timeout ? 'TIMEOUT' : 'NETWORK', true)
  }
  const body = typeof res.data === 'object' && res.data !== null ? (res.data as { code?: unknown; message?: unknown }) : {}
  const requestId = requestIdOf(res.headers)
  const numeric = numericCode(requestId)
  const wechatCode = typeof body.code === 'string' ? body.code : null
  const code = (numeric !== null && ORDER_PAID_CODES.has(numeric)) || wechatCode === 'ORDERPAID' ? 'ORDERPAID' : (wechatCode ?? numeric ?? `HTTP_${res.status}`)
  const retryable = res.status >= 500 || res.status === 429 || wechatCode === 'FREQUENCY_LIMITED' || (numeric !== null && FREQUENCY_CODES.has(numeric))
  const message = typeof body.message === 'string' ? body.message.slice(0, 200) : ''
  return new PaymentProviderError(
    `WeChat Pay ${op}: HTTP ${res.status} ${code}${numeric !== null && numeric !== code ? ` (${numeric})` : ''}${message === '' ? '' : ` ${message}`}`,
    code,
    retryable,
    res.status,
  )
}
