/**
 * WeChat Pay's JSON (a query answer or a decrypted notification resource) read into the gateway's
 * shapes. Every field the orders domain relies on is type-checked here; a resource missing one is
 * rejected (null) rather than passed on half-filled.
 */
import type { RefundResult, Transaction } from './payment-gateway'

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const text = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null)
const fen = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null)

export function parseJsonObject(raw: string): Json | null {
  try {
    const parsed: unknown = JSON.parse(raw)
    return isObject(parsed) ? parsed : null
  } catch {
    return null
  }
}

/** The Transaction object (definitions/Transaction.yaml); NOTPAY and CLOSED carry no transaction_id or payer. */
export function transactionFrom(json: Json): Transaction | null {
  const appid = text(json.appid)
  const mchid = text(json.mchid)
  const outTradeNo = text(json.out_trade_no)
  const tradeState = text(json.trade_state)
  const amount = isObject(json.amount) ? json.amount : null
  const totalFen = amount === null ? null : fen(amount.total)
  if (appid === null || mchid === null || outTradeNo === null || tradeState === null || totalFen === null) return null
  const transactionId = json.transaction_id === undefined ? null : text(json.transaction_id)
  if (json.transaction_id !== undefined && transactionId === null) return null
  // A paid transaction without its ID could not be reconciled or confirmed later.
  if (tradeState === 'SUCCESS' && transactionId === null) return null
  return {
    appid,
    mchid,
    outTradeNo,
    transactionId,
    tradeState,
    totalFen,
    payerOpenid: isObject(json.payer) ? text(json.payer.openid) : null,
    successTime: text(json.success_time),
  }
}

/** A refund as the create and query answers carry it (`status`) or as its notification does (`refund_status`). */
export function refundFrom(json: Json): (RefundResult & { outTradeNo: string }) | null {
  const outRefundNo = text(json.out_refund_no)
  const outTradeNo = text(json.out_trade_no)
  const status = text(json.status) ?? text(json.refund_status)
  const amount = isObject(json.amount) ? json.amount : null
  const refundFen = amount === null ? null : fen(amount.refund)
  if (outRefundNo === null || outTradeNo === null || status === null || refundFen === null) return null
  return { outRefundNo, outTradeNo, refundId: text(json.refund_id), status, refundFen }
}
