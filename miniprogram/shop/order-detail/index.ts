/**
 * One order: its lines, address, the server's total, and what its state allows: pay again before
 * payDeadline (with the countdown), cancel while unpaid, confirm receipt (WeChat's view for a
 * trade-managed account, then the server; our own button otherwise), ask for a refund and follow it.
 * Every change comes back as the server's order, which also updates 我的订单.
 */
import { orderErrorText } from '../services/order-errors'
import { cancelOrder, confirmReceipt, fetchOrder } from '../services/shop-api'
import { payForOrder } from '../services/payment'
import { openOrderResult, openRefund } from '../../services/navigation'
import { askConfirm, openWechatReceipt } from '../services/order-actions'
import { orderListStore } from '../stores/order-list'
import { countdownText, orderView, type OrderView } from '../core/order-view'
import { orderClock } from '../core/timing'
import type { Order } from '../../contract/order-schemas'

type DetailState = 'loading' | 'ready' | 'error'

interface Held {
  order: Order | null
  load: number
  timer: ReturnType<typeof setInterval> | null
  shown: boolean
}
const held = new WeakMap<object, Held>()
function heldOf(owner: object): Held {
  let h = held.get(owner)
  if (!h) held.set(owner, (h = { order: null, load: 0, timer: null, shown: false }))
  return h
}

function messageOf(err: unknown): string {
  return err instanceof Error && err.message ? err.message : '操作失败，请稍后重试'
}

Component({
  data: {
    orderId: '',
    state: 'loading' as DetailState,
    message: '',
    order: null as OrderView | null,
    countdown: '',
    busy: false,
    actionError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      this.setData({ orderId: query.orderId ?? '' })
      if (!query.orderId) this.setData({ state: 'error', message: '没有指定订单' })
      else void this.load()
    },
    onShow(): void {
      const h = heldOf(this)
      // Back from the refund or result page: the server has the newer order.
      if (h.shown && h.order) void this.load()
      h.shown = true
      this.tick()
    },
    onHide(): void {
      this.stopTimer()
    },
    onUnload(): void {
      this.stopTimer()
      held.delete(this)
    },
    async load(): Promise<void> {
      const h = heldOf(this)
      const ticket = ++h.load
      if (!h.order) this.setData({ state: 'loading' })
      try {
        const order = await fetchOrder(this.data.orderId)
        if (held.get(this) !== h || h.load !== ticket) return
        this.apply(order)
      } catch (err) {
        if (held.get(this) !== h || h.load !== ticket) return
        this.setData({ state: 'error', message: orderErrorText(err, '加载失败，请稍后重试') })
      }
    },
    apply(order: Order): void {
      const h = heldOf(this)
      h.order = order
      orderListStore.orderChanged(order)
      this.setData({ state: 'ready', order: orderView(order, orderClock.now()), actionError: '' })
      this.tick()
    },
    /** The countdown to payDeadline, once a second while the order waits for payment. */
    tick(): void {
      const h = heldOf(this)
      const order = h.order
      const countdown = order && order.state === 'created' ? countdownText(order.payDeadline, orderClock.now()) : ''
      if (countdown !== this.data.countdown) this.setData({ countdown })
      if (order && this.data.order && this.data.order.canPay && !countdown) this.setData({ order: orderView(order, orderClock.now()) })
      if (countdown && !h.timer) h.timer = setInterval(() => this.tick(), 1000)
      if (!countdown) this.stopTimer()
    },
    stopTimer(): void {
      const h = held.get(this)
      if (h?.timer) clearInterval(h.timer)
      if (h) h.timer = null
    },
    async act(run: () => Promise<Order | null>): Promise<void> {
      if (this.data.busy) return
      this.setData({ busy: true, actionError: '' })
      try {
        const order = await run()
        if (order) this.apply(order)
      } catch (err) {
        this.setData({ actionError: messageOf(err) })
      } finally {
        this.setData({ busy: false })
      }
    },
    onRetry(): void {
      void this.load()
    },
    async onPay(): Promise<void> {
      const order = heldOf(this).order
      if (!order || !this.data.order?.canPay || this.data.busy) return
      this.setData({ busy: true })
      const result = await payForOrder(order.id, order.totalFen)
      this.setData({ busy: false })
      void openOrderResult(order.id, result.outcome, order.roomId ?? undefined, result.message || undefined).catch(() => undefined)
    },
    onCancel(): Promise<void> {
      return this.act(async () => {
        const order = heldOf(this).order
        if (!order || !(await askConfirm('取消订单', '确定取消这个订单吗？'))) return null
        return cancelOrder(order.id)
      })
    },
    onConfirmReceipt(): Promise<void> {
      return this.act(async () => {
        const order = heldOf(this).order
        if (!order) return null
        if (order.confirmReceiptVia === 'wechat' && order.transactionId) {
          const failure = await openWechatReceipt(order.transactionId)
          if (failure) throw new Error(failure)
        } else if (!(await askConfirm('确认收货', '确认已经收到商品了吗？'))) {
          return null
        }
        return confirmReceipt(order.id)
      })
    },
    onRefund(): void {
      if (this.data.order?.canRefund) void openRefund(this.data.orderId).catch(() => undefined)
    },
  },
})
