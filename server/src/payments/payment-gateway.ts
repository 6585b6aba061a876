/**
 * What the orders domain needs from a payment provider. Two implementations: WeChat Pay APIv3
 * (wechatpay-gateway.ts, when WECHATPAY_* is configured) and the local pay simulator
 * (simulator-gateway.ts, dev mode, as with `npm start`). Amounts are integer fen; times Unix seconds.
 */
import type { PaymentParams } from '../../../miniprogram/contract/order-schemas'

export type PaymentMode = PaymentParams['mode']

export interface PrepayInput {
  /** Our order number at WeChat Pay: 6–32 chars of [0-9A-Za-z_-|*]; the same on every retry. */
  outTradeNo: string
  /** ≤ 127 characters; shown on the shopper's bill. */
  description: string
  totalFen: number
  payerOpenid: string
  /** When paying stops being possible (time_expire). */
  expireAt: number
  attach?: string
}

/** The decrypted transaction of a notification or a query (fields of WeChat Pay's Transaction). */
export interface Transaction {
  appid: string
  mchid: string
  outTradeNo: string
  transactionId: string | null
  /** SUCCESS, NOTPAY, CLOSED, REFUND, … */
  tradeState: string
  /** amount.total, fen. */
  totalFen: number
  payerOpenid: string | null
  successTime: string | null
}

export interface RefundInput {
  outTradeNo: string
  /** Reused on every retry of the same refund, so WeChat Pay refunds once. */
  outRefundNo: string
  refundFen: number
  totalFen: number
  reason: string
}

export interface RefundResult {
  outRefundNo: string
  refundId: string | null
  /** SUCCESS, CLOSED, PROCESSING, ABNORMAL */
  status: string
  refundFen: number
}

/** A notification that passed signature, timestamp and decryption checks. */
export type VerifiedNotification =
  | { id: string; eventType: string; kind: 'transaction'; transaction: Transaction }
  | { id: string; eventType: string; kind: 'refund'; refund: RefundResult & { outTradeNo: string } }

/** Thrown for a notification that must be answered 4xx (bad or probe signature, unknown serial, old timestamp, undecryptable). */
export class NotificationRejected extends Error {
  constructor(
    readonly reason: 'signature' | 'serial' | 'timestamp' | 'decrypt' | 'malformed',
    message: string,
  ) {
    super(message)
    this.name = 'NotificationRejected'
  }
}

/** A call to the provider failed: `retryable` for network errors, 5xx and frequency limits. */
export class PaymentProviderError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly retryable: boolean,
    readonly httpStatus: number | null = null,
  ) {
    super(message)
    this.name = 'PaymentProviderError'
  }
}

export interface PaymentGateway {
  readonly mode: PaymentMode
  /** The appid and mchid a notification must carry (checked against the order). */
  readonly appId: string
  readonly mchId: string
  prepay(input: PrepayInput): Promise<{ prepayId: string }>
  /** Signed parameters for wx.requestPayment. */
  paymentParams(prepayId: string): PaymentParams
  query(outTradeNo: string): Promise<Transaction>
  /** Closes an unpaid order at the provider; closing one already closed is not an error. */
  close(outTradeNo: string): Promise<void>
  refund(input: RefundInput): Promise<RefundResult>
  queryRefund(outRefundNo: string): Promise<RefundResult>
  /** Verifies over the exact raw body, then decrypts; throws NotificationRejected. */
  verifyNotification(headers: Record<string, string | string[] | undefined>, rawBody: string): VerifiedNotification
}
