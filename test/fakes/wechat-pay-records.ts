/**
 * What the fake WeChat Pay APIv3 (wechat-pay.ts) keeps, answers and routes: its records of orders,
 * refunds and calls, the faults a test injects, the routes and the body fields each one takes
 * (reference §2–§9), and the answer with its numeric error code (the `Request-ID` suffix).
 */
import { randomBytes } from 'node:crypto'

export type Json = Record<string, unknown>
export type PayRoute = 'jsapi' | 'query' | 'close' | 'refund' | 'query-refund'

export type PayFault =
  /** An error answer: 5xx SYSTEM_ERROR by default, or any documented code. */
  | { kind: 'http'; status: number; code?: string; message?: string; errorCode?: number }
  /** Holds the request unanswered until the fake closes (the client must time out). */
  | { kind: 'timeout' }
  /** 429 FREQUENCY_LIMITED, Request-ID ending 268447840. */
  | { kind: 'frequency' }
  /** The request is processed, but its answer's signature does not verify. */
  | { kind: 'bad-signature' }

export interface PayLedgerEntry {
  route: PayRoute | null
  method: string
  /** Path with query string, as signed. */
  url: string
  body: Json | null
  authorized: boolean
  status: number
}

export interface FakePayOrder {
  request: Json
  state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND'
  prepayIds: string[]
  transactionId: string | null
  successTime: string | null
}

export interface FakeRefund {
  request: Json
  outTradeNo: string
  refundId: string
  status: 'PROCESSING' | 'SUCCESS' | 'CLOSED' | 'ABNORMAL'
  refundFen: number
  totalFen: number
  createTime: string
  successTime: string | null
}

export const ROUTES: { route: PayRoute; method: string; pattern: RegExp }[] = [
  { route: 'jsapi', method: 'POST', pattern: /^\/v3\/pay\/transactions\/jsapi$/ },
  { route: 'query', method: 'GET', pattern: /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/ },
  { route: 'close', method: 'POST', pattern: /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/ },
  { route: 'refund', method: 'POST', pattern: /^\/v3\/refund\/domestic\/refunds$/ },
  { route: 'query-refund', method: 'GET', pattern: /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/ },
]
export const JSAPI_FIELDS = new Set(['appid', 'mchid', 'description', 'out_trade_no', 'time_expire', 'attach', 'notify_url', 'goods_tag', 'support_fapiao', 'amount', 'payer', 'detail', 'scene_info', 'settle_info'])
export const REFUND_FIELDS = new Set(['transaction_id', 'out_trade_no', 'out_refund_no', 'reason', 'notify_url', 'funds_account', 'amount', 'goods_detail'])
export const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
export const canonical = (v: unknown): string => (isObj(v) ? `{${Object.keys(v).sort().map((k) => `${k}:${canonical(v[k])}`).join(',')}}` : JSON.stringify(v))
/** `n` random decimal digits, as WeChat Pay's IDs end. */
export const digits = (n: number): string => Array.from(randomBytes(n), (b) => String(b % 10)).join('')
export const rfc3339 = (ms: number): string => `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`

/** An answer before it is signed and sent; `errorCode` ends its Request-ID. */
export class Answer {
  constructor(readonly status: number, readonly body: Json | null, readonly errorCode = 0) {}
}
export const fail = (status: number, code: string, message: string, errorCode: number): Answer => new Answer(status, { code, message }, errorCode)
