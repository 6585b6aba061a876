/**
 * One refund request to WeChat Pay, for a shopper's refund (refunds.ts) or a payment we cannot
 * keep (payment-anomalies.ts). Both are sent again by the sweeper with the same out_refund_no, so
 * a retryable failure (network, timeout, 5xx, frequency limit) is only logged and left for it.
 */
import { PaymentProviderError, type RefundInput, type RefundResult } from '../payments/payment-gateway'
import type { OrderDeps } from './order-deps'

export type RefundAttempt =
  /** WeChat Pay took the request: its result, final or still PROCESSING. */
  | { kind: 'answered'; result: RefundResult }
  /** It may not have arrived: the sweeper sends it again. */
  | { kind: 'retry_later' }
  /** WeChat Pay refused it for good: `message` says why, with its code. */
  | { kind: 'refused'; message: string }

/** `what` names the request in the log (`{what} failed; the sweeper retries…`) beside `logFields`. */
export async function refundThroughGateway(deps: Pick<OrderDeps, 'gateway' | 'log'>, input: RefundInput, what: string, logFields: Record<string, unknown>): Promise<RefundAttempt> {
  try {
    return { kind: 'answered', result: await deps.gateway.refund(input) }
  } catch (err) {
    if (!(err instanceof PaymentProviderError)) throw err
    if (!err.retryable) return { kind: 'refused', message: `${err.code}: ${err.message}` }
    deps.log.warn({ ...logFields, code: err.code }, `${what} failed; the sweeper retries it with the same out_refund_no`)
    return { kind: 'retry_later' }
  }
}
