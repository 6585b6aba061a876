/**
 * Money that reaches WeChat Pay for an order that cannot take it is never lost and never applied:
 * a payment for a closed order is refunded in full exactly once, however often it is reported;
 * one that cannot be reconciled with an order of ours is kept for a person; and the two races
 * between a prepay and a close cannot leave a closed order payable.
 */
import type { OrderResponse, PaymentAnomalyListResponse } from '../../miniprogram/contract/order-schemas'
import type { LoginResponse } from '../../miniprogram/core/api-types'
import * as orderStore from '../../server/src/orders/order-store'
import { closeUnpaidOrder } from '../../server/src/orders/order-closing'
import { handleVerifiedNotification } from '../../server/src/orders/payment-apply'
import { PaymentProviderError, type Transaction } from '../../server/src/payments/payment-gateway'
import { getOrder, goodsWithSkus, placeOrder, skuStock, simulatorOf, startPayment } from './support/buying-fixtures'
import { onEachEngine } from './support/engines'
import { bearer, createTestServer, type TestServer } from './support/test-server'

onEachEngine('payment anomalies', (env) => {
  let server: TestServer
  let admin: LoginResponse
  let shopper: LoginResponse
  let goodsId: string
  let skuId: string
  let notificationSerial = 0

  beforeAll(async () => {
    server = await createTestServer({ env })
    admin = await server.signIn('anomaly-admin', 'admin')
    shopper = await server.signIn('anomaly-shopper')
    const goods = await goodsWithSkus(server, admin, [{ value: '默认', priceFen: 4990, stock: 100 }])
    goodsId = goods.id
    skuId = goods.skus[0]?.id ?? ''
  })
  afterAll(() => server.close())

  const simulator = () => simulatorOf(server)
  const deliver = (transaction: Transaction) => {
    notificationSerial += 1
    return handleVerifiedNotification(server.handles.buying.deps, { id: `EV-anomaly-${notificationSerial}`, eventType: 'TRANSACTION.SUCCESS', kind: 'transaction', transaction })
  }
  const anomalies = async (query = ''): Promise<PaymentAnomalyListResponse> => {
    const res = await server.request({ method: 'GET', url: `/api/admin/payment-anomalies${query}`, headers: bearer(admin) })
    if (res.statusCode !== 200) throw new Error(`anomalies not listed: ${res.statusCode} ${res.body}`)
    return res.json<PaymentAnomalyListResponse>()
  }
  const anomalyOf = async (outTradeNo: string) => (await anomalies('?limit=100')).anomalies.filter((a) => a.outTradeNo === outTradeNo)
  /** Closes an order here only, as a database restored from before the prepay would have it. */
  const closeHereOnly = async (orderId: string): Promise<void> => {
    const now = server.handles.buying.deps.nowSeconds()
    await server.handles.database.db.transaction().execute(async (trx) => {
      expect(await orderStore.moveOrder(trx, orderId, 'created', 'closed', now, { closed_at: now })).toBe(true)
      await orderStore.returnStock(trx, orderId)
    })
  }

  it('refunds a payment for a closed order in full, once, however often and concurrently it is reported', async () => {
    const order = await placeOrder(server, shopper, [{ skuId, quantity: 2 }])
    await startPayment(server, shopper, order.id)
    await closeHereOnly(order.id)
    const stockAfterClose = await skuStock(server, goodsId, skuId)
    const paid = simulator().simulatePayment(order.id)
    expect(paid).toMatchObject({ tradeState: 'SUCCESS', totalFen: 9980 })
    const refund = jest.spyOn(server.handles.buying.gateway, 'refund')
    try {
      const outcomes = await Promise.all([deliver(paid), deliver(paid), deliver(paid)])
      expect(outcomes).toEqual([1, 2, 3].map(() => ({ duplicate: false, outcome: 'closed' })))
      // The sweeper's query of the same transaction records nothing new either.
      expect(await server.handles.buying.sweeper.sweepOnce()).toMatchObject({ paid: 0 })
      expect(refund.mock.calls.map((c) => c[0])).toEqual([{ outTradeNo: order.id, outRefundNo: expect.stringMatching(/^pa/), refundFen: 9980, totalFen: 9980, reason: expect.any(String) }])
    } finally {
      refund.mockRestore()
    }
    const recorded = await anomalyOf(order.id)
    expect(recorded).toEqual([expect.objectContaining({ kind: 'paid_after_close', state: 'refunded', orderId: order.id, amountFen: 9980, transactionId: paid.transactionId, refundId: expect.any(String) })])
    expect((await simulator().query(order.id)).tradeState).toBe('REFUND')
    expect(await getOrder(server, shopper, order.id)).toMatchObject({ state: 'closed', transactionId: null })
    // The stock went back once, when the order closed; the refund does not return it again.
    expect(await skuStock(server, goodsId, skuId)).toBe(stockAfterClose)
  })

  it('keeps a payment with another amount for a person and leaves the order as it was', async () => {
    const order = await placeOrder(server, shopper, [{ skuId, quantity: 1 }])
    const gateway = server.handles.buying.gateway
    const tx: Transaction = { appid: gateway.appId, mchid: gateway.mchId, outTradeNo: order.id, transactionId: '4200000000000000000001', tradeState: 'SUCCESS', totalFen: 1, payerOpenid: 'anomaly-shopper', successTime: new Date().toISOString() }
    const refund = jest.spyOn(gateway, 'refund')
    try {
      expect(await deliver(tx)).toEqual({ duplicate: false, outcome: 'mismatch' })
      expect(await deliver(tx)).toEqual({ duplicate: false, outcome: 'mismatch' })
      expect(refund).not.toHaveBeenCalled()
    } finally {
      refund.mockRestore()
    }
    expect(await anomalyOf(order.id)).toEqual([expect.objectContaining({ kind: 'amount_mismatch', state: 'needs_attention', orderId: order.id, amountFen: 1, message: expect.stringContaining('4990') })])
    expect((await getOrder(server, shopper, order.id)).state).toBe('created')
  })

  it('closes here, stock back, an expired order WeChat Pay will not close because it was paid with another amount', async () => {
    const order = await placeOrder(server, shopper, [{ skuId, quantity: 1 }])
    await startPayment(server, shopper, order.id)
    const stockBefore = await skuStock(server, goodsId, skuId)
    const gateway = server.handles.buying.gateway
    const odd: Transaction = { appid: gateway.appId, mchid: gateway.mchId, outTradeNo: order.id, transactionId: '4200000000000000000009', tradeState: 'SUCCESS', totalFen: 2, payerOpenid: 'anomaly-shopper', successTime: null }
    const query = jest.spyOn(gateway, 'query').mockImplementation(async (no) => (no === order.id ? odd : Promise.reject(new Error(`unexpected query ${no}`))))
    const close = jest.spyOn(gateway, 'close').mockRejectedValue(new PaymentProviderError('该订单已支付', 'ORDERPAID', false, 400))
    try {
      server.clock.advanceSeconds(order.payDeadline - server.handles.buying.deps.nowSeconds() + 1)
      expect(await closeUnpaidOrder(server.handles.buying.deps, order.id)).toBe('closed')
      // Nothing left for the next pass to try again.
      expect(await closeUnpaidOrder(server.handles.buying.deps, order.id)).toBe('not_open')
    } finally {
      query.mockRestore()
      close.mockRestore()
    }
    expect((await getOrder(server, shopper, order.id)).state).toBe('closed')
    expect(await skuStock(server, goodsId, skuId)).toBe((stockBefore ?? 0) + 1)
    expect(await anomalyOf(order.id)).toEqual([expect.objectContaining({ kind: 'amount_mismatch', state: 'needs_attention', amountFen: 2 })])
  })

  it('keeps a refund WeChat Pay could not take for the sweeper, which sends it again under the same out_refund_no', async () => {
    const order = await placeOrder(server, shopper, [{ skuId, quantity: 1 }])
    await startPayment(server, shopper, order.id)
    await closeHereOnly(order.id)
    const paid = simulator().simulatePayment(order.id)
    const gateway = server.handles.buying.gateway
    const refund = jest.spyOn(gateway, 'refund').mockRejectedValueOnce(new PaymentProviderError('系统繁忙', 'SYSTEM_ERROR', true, 500))
    try {
      expect(await deliver(paid)).toEqual({ duplicate: false, outcome: 'closed' })
      const [pending] = await anomalyOf(order.id)
      expect(pending).toMatchObject({ state: 'refunding', refundId: null })
      // Within the quiet minute the sweeper leaves it to the call in flight.
      expect(await server.handles.buying.sweeper.sweepOnce()).toMatchObject({ anomaliesRefunded: 0 })
      server.clock.advanceSeconds(61)
      expect(await server.handles.buying.sweeper.sweepOnce()).toMatchObject({ anomaliesRefunded: 1 })
      expect(await server.handles.buying.sweeper.sweepOnce()).toMatchObject({ anomaliesRefunded: 0 })
      expect(refund.mock.calls.map((c) => c[0].outRefundNo)).toEqual([pending?.id, pending?.id])
    } finally {
      refund.mockRestore()
    }
    expect(await anomalyOf(order.id)).toEqual([expect.objectContaining({ state: 'refunded' })])
    expect((await simulator().query(order.id)).tradeState).toBe('REFUND')
  })

  it('keeps payments that are not this merchant’s or name no order of ours for a person, refunding nothing', async () => {
    const gateway = server.handles.buying.gateway
    const refund = jest.spyOn(gateway, 'refund')
    try {
      const foreign: Transaction = { appid: 'wxanother000000000', mchid: gateway.mchId, outTradeNo: 'ord-elsewhere-1', transactionId: '4200000000000000000002', tradeState: 'SUCCESS', totalFen: 500, payerOpenid: 'x', successTime: null }
      const unknown: Transaction = { ...foreign, appid: gateway.appId, outTradeNo: 'ord-not-ours-1', transactionId: '4200000000000000000003' }
      expect(await deliver(foreign)).toEqual({ duplicate: false, outcome: 'mismatch' })
      expect(await deliver(unknown)).toEqual({ duplicate: false, outcome: 'unknown_order' })
      expect(await deliver(unknown)).toEqual({ duplicate: false, outcome: 'unknown_order' })
      // A NOTPAY for an unknown order is no money taken: nothing to keep.
      expect(await deliver({ ...unknown, outTradeNo: 'ord-not-ours-2', tradeState: 'NOTPAY' })).toEqual({ duplicate: false, outcome: 'unknown_order' })
      expect(refund).not.toHaveBeenCalled()
    } finally {
      refund.mockRestore()
    }
    const waiting = await anomalies('?state=needs_attention')
    // Both recorded in the same second: their order in the list is the random IDs'.
    expect(waiting.anomalies.filter((a) => a.kind !== 'amount_mismatch').map((a) => [a.kind, a.outTradeNo, a.orderId]).sort()).toEqual([
      ['foreign_merchant', 'ord-elsewhere-1', null],
      ['unknown_order', 'ord-not-ours-1', null],
    ])
    expect(waiting.total).toBe(4)
  })

  it('lists anomalies to the merchant only', async () => {
    expect((await server.request({ method: 'GET', url: '/api/admin/payment-anomalies' })).statusCode).toBe(401)
    expect((await server.request({ method: 'GET', url: '/api/admin/payment-anomalies', headers: bearer(shopper) })).statusCode).toBe(403)
    const bad = await server.request({ method: 'GET', url: '/api/admin/payment-anomalies?state=lost', headers: bearer(admin) })
    expect([bad.statusCode, bad.json()]).toEqual([400, expect.objectContaining({ field: 'state' })])
  })

  it('hands out nothing to pay with when the order is cancelled while WeChat Pay creates its prepay, and closes that prepay', async () => {
    const order = await placeOrder(server, shopper, [{ skuId, quantity: 1 }])
    const gateway = server.handles.buying.gateway
    const realPrepay = gateway.prepay.bind(gateway)
    const close = jest.spyOn(gateway, 'close')
    const prepay = jest.spyOn(gateway, 'prepay').mockImplementationOnce(async (input) => {
      // The shopper cancels from another page while the prepay call is on its way.
      const cancelled = await server.request({ method: 'POST', url: `/api/orders/${order.id}/cancel`, headers: bearer(shopper) })
      expect([cancelled.statusCode, cancelled.json<OrderResponse>().order.state]).toEqual([200, 'closed'])
      return realPrepay(input)
    })
    try {
      const answer = await server.request({ method: 'POST', url: `/api/orders/${order.id}/payment`, headers: bearer(shopper) })
      expect([answer.statusCode, answer.json()]).toEqual([409, expect.objectContaining({ error: 'not_payable', field: 'id' })])
      expect(close.mock.calls).toEqual([[order.id]])
    } finally {
      prepay.mockRestore()
      close.mockRestore()
    }
    // The shopper's open payment sheet cannot pay it any more.
    expect(simulator().simulatePayment(order.id).tradeState).toBe('CLOSED')
    expect((await getOrder(server, shopper, order.id)).state).toBe('closed')
  })

  it('closes at WeChat Pay first when a prepay is stored between reading the order and closing it', async () => {
    const order = await placeOrder(server, shopper, [{ skuId, quantity: 1 }])
    await startPayment(server, shopper, order.id)
    const fresh = await orderStore.findOrderRow(server.handles.database.db, order.id)
    if (fresh === undefined) throw new Error('order not stored')
    // The close read the order just before the prepay was stored.
    const read = jest.spyOn(orderStore, 'findOrderRow').mockResolvedValueOnce({ ...fresh, prepay_id: null, prepay_at: null })
    const close = jest.spyOn(server.handles.buying.gateway, 'close')
    try {
      expect(await closeUnpaidOrder(server.handles.buying.deps, order.id)).toBe('closed')
      expect(close.mock.calls).toEqual([[order.id]])
    } finally {
      read.mockRestore()
      close.mockRestore()
    }
    expect(simulator().simulatePayment(order.id).tradeState).toBe('CLOSED')
  })
})
