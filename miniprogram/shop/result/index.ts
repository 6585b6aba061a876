/**
 * After a payment attempt: what the server says happened, never what the client saw. While the
 * order is still `created` after a `paid` outcome (WeChat Pay's notification not in yet), it asks
 * again a bounded number of times with growing waits, then shows 支付确认中 with 刷新. Offers the
 * way back to the live room when the purchase started there.
 */
import { orderErrorText } from '../services/order-errors'
import { fetchOrder } from '../services/shop-api'
import { payForOrder, type PaymentOutcome } from '../services/payment'
import { backToLiveRoom, openOrderDetail, pagesAboveLiveRoom } from '../../services/navigation'
import type { Order } from '../../contract/order-schemas'
import { priceLabel } from '../../core/money'
import { resultPolling } from '../core/timing'

type ResultView = 'checking' | 'paid' | 'pending' | 'failed' | 'cancelled' | 'closed' | 'error'


const checks = new WeakMap<object, number>()
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

function isOutcome(value: string | undefined): value is PaymentOutcome {
  return value === 'paid' || value === 'cancelled' || value === 'failed'
}

Component({
  data: {
    orderId: '',
    roomId: '',
    outcome: 'paid' as PaymentOutcome,
    view: 'checking' as ResultView,
    message: '',
    total: '',
    backToRoom: false,
    paying: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const roomId = query.room_id ?? ''
      this.setData({
        orderId: query.orderId ?? '',
        roomId,
        outcome: isOutcome(query.outcome) ? query.outcome : 'paid',
        message: query.message ?? '',
        backToRoom: Boolean(roomId) && pagesAboveLiveRoom() > 0,
      })
      if (!query.orderId) {
        this.setData({ view: 'error', message: '没有指定订单' })
        return
      }
      void this.check()
    },
    onUnload(): void {
      checks.delete(this)
    },
    async check(): Promise<void> {
      const ticket = (checks.get(this) ?? 0) + 1
      checks.set(this, ticket)
      this.setData({ view: 'checking' })
      for (let attempt = 0; ; attempt++) {
        let order: Order
        try {
          order = await fetchOrder(this.data.orderId)
        } catch (err) {
          if (checks.get(this) !== ticket) return
          this.setData({ view: 'error', message: orderErrorText(err, '查询订单失败') })
          return
        }
        if (checks.get(this) !== ticket) return
        this.setData({ total: priceLabel(order.totalFen) })
        if (order.state === 'closed') return this.show('closed')
        if (order.state !== 'created') return this.show('paid')
        if (this.data.outcome !== 'paid') return this.show(this.data.outcome)
        const delay = resultPolling.delaysMs[attempt]
        if (delay === undefined) return this.show('pending')
        await sleep(delay)
        if (checks.get(this) !== ticket) return
      }
    },
    show(view: ResultView): void {
      this.setData({ view })
    },
    onRefresh(): void {
      void this.check()
    },
    async onPayAgain(): Promise<void> {
      if (this.data.paying) return
      this.setData({ paying: true })
      const order = await fetchOrder(this.data.orderId).catch(() => null)
      if (!order || order.state !== 'created') {
        this.setData({ paying: false })
        return void this.check()
      }
      const result = await payForOrder(order.id, order.totalFen)
      this.setData({ paying: false, outcome: result.outcome, message: result.message })
      await this.check()
    },
    onBackToRoom(): void {
      void backToLiveRoom().catch(() => this.setData({ backToRoom: false }))
    },
    onViewOrder(): void {
      void openOrderDetail(this.data.orderId).catch(() => undefined)
    },
  },
})
