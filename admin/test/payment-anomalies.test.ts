import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { PaymentAnomalyListResponse } from '@contract/order-schemas'
import PaymentAnomaliesView from '../src/views/PaymentAnomaliesView.vue'

afterEach(() => {
  vi.unstubAllGlobals()
})

const listed: PaymentAnomalyListResponse = {
  total: 2,
  anomalies: [
    { id: 'pa_1', kind: 'paid_after_close', state: 'refunded', outTradeNo: 'ord_1', transactionId: '4200000001', orderId: 'ord_1', amountFen: 9980, refundId: '5030001', message: 'payment arrived for an order already closed; refunded in full', createdAt: 1_764_000_000, updatedAt: 1_764_000_030 },
    { id: 'pa_2', kind: 'amount_mismatch', state: 'needs_attention', outTradeNo: 'ord_2', transactionId: '4200000002', orderId: 'ord_2', amountFen: 1, refundId: null, message: 'paid 1 fen for an order of 4990 fen', createdAt: 1_764_000_100, updatedAt: 1_764_000_100 },
  ],
}

describe('PaymentAnomaliesView', () => {
  it('lists each anomaly with its kind, what became of it and the amount in yuan, filtered by state on the server', async () => {
    const fetchMock = vi.fn(async (_url: string) => new Response(JSON.stringify(listed), { status: 200, headers: { 'content-type': 'application/json' } }))
    vi.stubGlobal('fetch', fetchMock)
    const wrapper = mount(PaymentAnomaliesView, { global: { plugins: [ElementPlus] } })
    await flushPromises()
    const rows = wrapper.findAll('[data-test="anomalies-table"] tbody tr').map((r) => r.findAll('td').map((td) => td.text()))
    expect(rows.map((r) => r.slice(0, 5))).toEqual([
      ['关闭后支付', '已原路退款', '¥99.80', 'ord_1', '4200000001'],
      ['金额不符', '需人工处理', '¥0.01', 'ord_2', '4200000002'],
    ])
    expect(String(fetchMock.mock.calls[0]?.[0])).toBe('/api/admin/payment-anomalies?offset=0&limit=20')
  })

  it('says the list failed to load and how to retry, instead of showing an empty table as if all were well', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ error: 'internal', message: '服务器繁忙' }), { status: 503 })))
    const wrapper = mount(PaymentAnomaliesView, { global: { plugins: [ElementPlus] } })
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toContain('支付异常加载失败：服务器繁忙，请稍后重试')
  })
})
