import type { Order, RefundResponse } from '../../miniprogram/contract/order-schemas'
import type { LoginResponse } from '../../miniprogram/core/api-types'
import { PaymentProviderError } from '../../server/src/payments/payment-gateway'
import { getOrder, goodsWithSkus, payOrder, placeOrder } from './support/buying-fixtures'
import { onEachEngine } from './support/engines'
import { bearer, createTestServer, type TestServer } from './support/test-server'

onEachEngine('refunds', (env) => {
  let server: TestServer
  let admin: LoginResponse
  let shopper: LoginResponse
  let skuId: string

  beforeAll(async () => {
    server = await createTestServer({ env })
    admin = await server.signIn('refund-admin', 'admin')
    shopper = await server.signIn('refund-shopper')
    const goods = await goodsWithSkus(server, admin, [{ value: '默认', priceFen: 5000, stock: 1000 }])
    skuId = goods.skus[0]?.id ?? ''
  })
  afterAll(() => server.close())

  const paidOrder = async (quantity = 1): Promise<Order> => payOrder(server, shopper, (await placeOrder(server, shopper, [{ skuId, quantity }])).id)
  const askRefund = (orderId: string, payload: Record<string, unknown> = { reason: '不想要了' }) => server.request({ method: 'POST', url: `/api/orders/${orderId}/refunds`, headers: bearer(shopper), payload })
  const approve = (refundId: string) => server.request({ method: 'POST', url: `/api/refunds/${refundId}/approve`, headers: bearer(admin) })

  it('a refund requested twice is opened once, and approved twice refunds once', async () => {
    const order = await paidOrder()
    const asked = await Promise.all([askRefund(order.id), askRefund(order.id)])
    expect(asked.map((a) => a.statusCode).sort()).toEqual([201, 409])
    const opened = asked.find((a) => a.statusCode === 201)?.json<RefundResponse>()
    expect(opened).toMatchObject({ refund: { state: 'requested', amountFen: 5000, reason: '不想要了' }, order: { state: 'refunding' } })
    expect(asked.find((a) => a.statusCode === 409)?.json()).toMatchObject({ error: 'refund_open' })
    const refundId = opened?.refund.id ?? ''

    const refund = jest.spyOn(server.handles.buying.gateway, 'refund')
    try {
      const approvals = await Promise.all([approve(refundId), approve(refundId), approve(refundId)])
      expect(approvals.map((a) => a.statusCode)).toEqual([200, 200, 200])
      expect(refund).toHaveBeenCalledTimes(1)
      expect(refund.mock.calls[0]?.[0]).toEqual({ outTradeNo: order.id, outRefundNo: refundId, refundFen: 5000, totalFen: 5000, reason: '不想要了' })
      const after = await getOrder(server, shopper, order.id)
      expect(after).toMatchObject({ state: 'refunded', refundedFen: 5000, refunds: [{ id: refundId, state: 'succeeded' }] })
      expect((await approve(refundId)).json<RefundResponse>().refund.state).toBe('succeeded')
      expect(refund).toHaveBeenCalledTimes(1)
      expect((await askRefund(order.id)).statusCode).toBe(409)
      const afterSale = await server.request({ method: 'GET', url: '/api/orders?state=after_sale', headers: bearer(shopper) })
      expect(afterSale.json<{ orders: Order[] }>().orders.map((o) => o.id)).toContain(order.id)
    } finally {
      refund.mockRestore()
    }
  })

  it('refunds in parts up to what is left; a rejected refund returns the order where it was', async () => {
    const order = await paidOrder(2)
    const tooMuch = await askRefund(order.id, { reason: '部分', amountFen: 10001 })
    expect([tooMuch.statusCode, tooMuch.json()]).toEqual([400, expect.objectContaining({ field: 'amountFen' })])
    const part = (await askRefund(order.id, { reason: '少了一件', amountFen: 4000 })).json<RefundResponse>()
    expect((await approve(part.refund.id)).json<RefundResponse>().order).toMatchObject({ state: 'partially_refunded', refundedFen: 4000 })

    const second = (await askRefund(order.id, { reason: '还是不要了' })).json<RefundResponse>()
    expect(second.refund.amountFen).toBe(6000)
    const rejected = await server.request({ method: 'POST', url: `/api/refunds/${second.refund.id}/reject`, headers: bearer(admin), payload: { reason: '已超过售后期' } })
    expect(rejected.json<RefundResponse>()).toMatchObject({ refund: { state: 'rejected', resultMessage: '已超过售后期' }, order: { state: 'partially_refunded', refundedFen: 4000 } })
    expect((await server.request({ method: 'POST', url: `/api/refunds/${second.refund.id}/reject`, headers: bearer(admin), payload: { reason: 'again' } })).statusCode).toBe(409)
    expect((await approve(second.refund.id)).statusCode).toBe(409)

    // Still shippable for what was not refunded.
    const shipped = await server.request({ method: 'POST', url: `/api/orders/${order.id}/ship`, headers: bearer(admin), payload: { expressCompany: 'YTO', trackingNo: 'YT1' } })
    expect(shipped.json<{ order: Order }>().order.state).toBe('shipped')
    expect((await server.request({ method: 'POST', url: `/api/refunds/${part.refund.id}/approve`, headers: bearer(shopper) })).statusCode).toBe(403)
  })

  it('an unpaid order cannot be refunded', async () => {
    const order = await placeOrder(server, shopper, [{ skuId, quantity: 1 }])
    const res = await askRefund(order.id)
    expect([res.statusCode, res.json()]).toEqual([409, expect.objectContaining({ error: 'not_refundable' })])
  })

  it('retries a refund that failed on the way with the same out_refund_no, from the sweeper', async () => {
    const order = await paidOrder()
    const refundId = (await askRefund(order.id)).json<RefundResponse>().refund.id
    const gateway = server.handles.buying.gateway
    const realRefund = gateway.refund.bind(gateway)
    const refund = jest.spyOn(gateway, 'refund').mockRejectedValueOnce(new PaymentProviderError('connect ECONNRESET', 'NETWORK', true))
    try {
      expect((await approve(refundId)).json<RefundResponse>().refund.state).toBe('processing')
      expect((await getOrder(server, shopper, order.id)).state).toBe('refunding')
      refund.mockImplementation(realRefund)
      // Just approved: the sweeper leaves it to the call that may still be on its way.
      expect((await server.handles.buying.sweeper.sweepOnce()).refundsSettled).toBe(0)
      server.clock.advanceSeconds(61)
      const report = await server.handles.buying.sweeper.sweepOnce()
      expect(report.refundsSettled).toBeGreaterThanOrEqual(1)
      expect(refund.mock.calls.map((c) => c[0].outRefundNo)).toEqual([refundId, refundId])
      expect((await getOrder(server, shopper, order.id)).state).toBe('refunded')
      await server.handles.buying.sweeper.sweepOnce()
      expect(refund).toHaveBeenCalledTimes(2)
    } finally {
      refund.mockRestore()
    }
  })

  it('a refund WeChat Pay refuses fails and the order goes back', async () => {
    const order = await paidOrder()
    const refundId = (await askRefund(order.id)).json<RefundResponse>().refund.id
    const refund = jest.spyOn(server.handles.buying.gateway, 'refund').mockRejectedValueOnce(new PaymentProviderError('基本账户余额不足', 'NOT_ENOUGH', false, 403))
    try {
      const answer = (await approve(refundId)).json<RefundResponse>()
      expect(answer).toMatchObject({ refund: { state: 'failed', resultMessage: expect.stringContaining('NOT_ENOUGH') }, order: { state: 'paid' } })
    } finally {
      refund.mockRestore()
    }
  })
})
