/**
 * 申请退款 for one order: a reason (a common one tapped, or typed), for everything not refunded yet.
 * Sent once per tap (`POST /api/orders/:id/refunds` is never retried on its own: a lost answer
 * may hide a refund already asked); on success the order page shows its progress.
 */
import { orderErrorText } from '../services/order-errors'
import { fetchOrder, requestRefund } from '../services/shop-api'
import { navigateBack } from '../../services/navigation'
import { orderListStore } from '../stores/order-list'
import { ORDER_RULES } from '../../contract/order-rules'
import { priceLabel } from '../../core/money'

const REASONS = ['不想要了', '商品质量问题', '发错货或漏发', '未按约定时间发货'] as const

type ReasonTap = WechatMiniprogram.BaseEvent<Record<string, never>, { reason?: string }>

Component({
  data: {
    orderId: '',
    state: 'loading' as 'loading' | 'ready' | 'error',
    amount: '',
    reasons: [...REASONS] as string[],
    reason: '',
    reasonMax: ORDER_RULES.refundReasonMaxLength,
    sending: false,
    message: '',
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>): Promise<void> {
      this.setData({ orderId: query.orderId ?? '' })
      try {
        const order = await fetchOrder(query.orderId ?? '')
        this.setData({ state: 'ready', amount: priceLabel(order.totalFen - order.refundedFen) })
      } catch (err) {
        this.setData({ state: 'error', message: orderErrorText(err, '加载失败') })
      }
    },
    onPickReason(e: ReasonTap): void {
      this.setData({ reason: e.currentTarget.dataset.reason ?? '', message: '' })
    },
    onReasonInput(e: WechatMiniprogram.Input): void {
      this.setData({ reason: e.detail.value.slice(0, ORDER_RULES.refundReasonMaxLength), message: '' })
    },
    async onSubmit(): Promise<void> {
      const reason = this.data.reason.trim()
      if (this.data.sending) return
      if (!reason) {
        this.setData({ message: '请选择或填写退款原因' })
        return
      }
      this.setData({ sending: true, message: '' })
      try {
        const res = await requestRefund(this.data.orderId, { reason })
        orderListStore.orderChanged(res.order)
        this.setData({ sending: false })
        void navigateBack().catch(() => undefined)
      } catch (err) {
        this.setData({ sending: false, message: err instanceof Error ? err.message : '提交失败，请重试' })
      }
    },
  },
})
