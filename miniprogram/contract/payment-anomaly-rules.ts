/**
 * Money WeChat Pay took for an order that cannot take it. `paid_after_close` is refunded in full
 * at once; a transaction that cannot be reconciled with an order of ours (`amount_mismatch`,
 * `foreign_merchant`: another appid or mchid, `unknown_order`) waits for a person. Read by the
 * server and the console only, so WeChat's compiler leaves it out of the mini-program's package.
 */
export const PAYMENT_ANOMALY_KINDS = ['paid_after_close', 'amount_mismatch', 'foreign_merchant', 'unknown_order'] as const
export type PaymentAnomalyKind = (typeof PAYMENT_ANOMALY_KINDS)[number]
export const PAYMENT_ANOMALY_STATES = ['refunding', 'refunded', 'refund_failed', 'needs_attention'] as const
export type PaymentAnomalyState = (typeof PAYMENT_ANOMALY_STATES)[number]

export const PAYMENT_ANOMALY_LABELS: Readonly<Record<PaymentAnomalyKind, string>> = {
  paid_after_close: '关闭后支付',
  amount_mismatch: '金额不符',
  foreign_merchant: '非本商户交易',
  unknown_order: '未知订单',
}
