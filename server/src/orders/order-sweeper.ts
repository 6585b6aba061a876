/**
 * What notifications alone cannot guarantee (reference §8): created orders with a prepay whose
 * notification never came are queried (SUCCESS goes through the same apply function), expired
 * unpaid orders are closed at WeChat Pay and here (stock returned), refunds stuck processing are
 * queried or re-sent with their out_refund_no, and shipping uploads due for a retry are sent.
 * Time is the app clock (its nowMs); tests call sweepOnce after moving it.
 */
import { PaymentProviderError } from '../payments/payment-gateway'
import { PeriodicPass } from '../periodic-pass'
import { closeUnpaidOrder, paidMeanwhile } from './order-closing'
import type { OrderDeps } from './order-deps'
import { sendAnomalyRefund, settleAnomalyRefund, unsettledAnomalies } from './payment-anomalies'
import { applyRefundResult } from './refund-apply'
import { sendRefund } from './refunds'
import { uploadDueShipments } from './shipping-uploads'

/** A notification normally arrives within seconds; after this the order is queried. */
const QUERY_AFTER_SECONDS = 60
/** A refund approved this recently may still be on its way to WeChat Pay; leave it to that call. */
const REFUND_QUIET_SECONDS = 60
const BATCH = 100

export interface SweepReport {
  queried: number
  paid: number
  closed: number
  refundsSettled: number
  anomaliesRefunded: number
  shipmentsUploaded: number
}

export class OrderSweeper {
  private readonly loop: PeriodicPass<SweepReport>

  constructor(private readonly deps: OrderDeps) {
    this.loop = new PeriodicPass(() => this.pass(), (err) => this.deps.log.error({ err }, 'order sweep failed'))
  }

  /** One pass; a pass already running is joined rather than doubled. */
  sweepOnce(): Promise<SweepReport> {
    return this.loop.run()
  }

  start(intervalMs: number): void {
    this.loop.start(intervalMs)
  }

  /** Stops the interval and waits for a pass in progress (before the database closes). */
  stop(): Promise<void> {
    return this.loop.stop()
  }

  private async pass(): Promise<SweepReport> {
    const { db } = this.deps
    const now = this.deps.nowSeconds()
    const report: SweepReport = { queried: 0, paid: 0, closed: 0, refundsSettled: 0, anomaliesRefunded: 0, shipmentsUploaded: 0 }

    const unnotified = await db
      .selectFrom('orders')
      .select('id')
      .where('state', '=', 'created')
      .where('prepay_id', 'is not', null)
      .where('prepay_at', '<=', now - QUERY_AFTER_SECONDS)
      .where('pay_deadline', '>', now)
      .limit(BATCH)
      .execute()
    for (const { id } of unnotified) {
      report.queried += 1
      if (await this.guard(id, () => paidMeanwhile(this.deps, id))) report.paid += 1
    }

    const expired = await db.selectFrom('orders').select('id').where('state', '=', 'created').where('pay_deadline', '<=', now).limit(BATCH).execute()
    for (const { id } of expired) {
      const outcome = await this.guard(id, () => closeUnpaidOrder(this.deps, id))
      if (outcome === 'closed') report.closed += 1
      if (outcome === 'paid') report.paid += 1
    }

    const processing = await db.selectFrom('refunds').selectAll().where('state', '=', 'processing').where('updated_at', '<=', now - REFUND_QUIET_SECONDS).limit(BATCH).execute()
    for (const refund of processing) {
      const settled = await this.guard(refund.id, async () => {
        try {
          const outcome = await applyRefundResult(this.deps, await this.deps.gateway.queryRefund(refund.out_refund_no))
          return outcome === 'succeeded' || outcome === 'failed'
        } catch (err) {
          // WeChat Pay never got the request (it failed on the way): send it again, same out_refund_no.
          if (err instanceof PaymentProviderError && err.code === 'RESOURCE_NOT_EXISTS') {
            await sendRefund(this.deps, refund)
            return true
          }
          throw err
        }
      })
      if (settled === true) report.refundsSettled += 1
    }

    // Refunds of money taken for orders that could not take it, with no final answer yet.
    for (const anomaly of await unsettledAnomalies(this.deps, now - REFUND_QUIET_SECONDS, BATCH)) {
      const outcome = await this.guard(anomaly.id, async () => {
        try {
          return await settleAnomalyRefund(this.deps, await this.deps.gateway.queryRefund(anomaly.id))
        } catch (err) {
          if (err instanceof PaymentProviderError && err.code === 'RESOURCE_NOT_EXISTS') return sendAnomalyRefund(this.deps, anomaly)
          throw err
        }
      })
      if (outcome === 'refunded') report.anomaliesRefunded += 1
    }

    report.shipmentsUploaded = (await this.guard('shipping', () => uploadDueShipments(this.deps))) ?? 0
    return report
  }

  /** One item's failure is logged and the sweep goes on to the next. */
  private async guard<T>(what: string, run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await run()
    } catch (err) {
      this.deps.log.warn({ err, what }, 'order sweep step failed; retried on the next pass')
      return undefined
    }
  }
}
