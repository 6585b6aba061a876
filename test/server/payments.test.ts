import type { OrderResponse } from '../../miniprogram/contract/order-schemas'
import type { LoginResponse } from '../../miniprogram/core/api-types'
import { applyTransaction, handleVerifiedNotification } from '../../server/src/orders/payment-apply'
import type { Transaction } from '../../server/src/payments/payment-gateway'
import { getOrder, goodsWithSkus, payOrder, placeOrder, simulatorOf, startPayment } from './support/buying-fixtures'
import { onEachEngine } from './support/engines'
import { bearer, createTestServer, type TestServer } from './support/test-server'

onEachEngine('payment', (env) => {
  let server: TestServer
  let admin: LoginResponse
  let shopper: LoginResponse
  let skuId: string

  beforeAll(async () => {
    server = await createTestServer({ env })
    admin = await server.signIn('pay-admin', 'admin')
    shopper = await server.signIn('pay-shopper')
    const goods = await goodsWithSkus(server, admin, [{ value: '默认', priceFen: 2990, stock: 1000 }])
    skuId = goods.skus[0]?.id ?? ''
  })
  afterAll(() => server.close())

  const simulator = () => simulatorOf(server)
  const paidNotifications = async (): Promise<number> => Number((await server.handles.database.db.selectFrom('payment_notifications').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n)

  it('runs the pay simulator without WeChat Pay and says so at /healthz', async () => {
    expect((await server.request({ method: 'GET', url: '/healthz' })).json()).toMatchObject({ payments: 'simulator' })
  })

  it('prepays under the order ID and reuses the prepay_id while it is fresh', async () => {
    const order = await placeOrder(server, shopper, [{ skuId, quantity: 1 }])
    const prepay = jest.spyOn(server.handles.buying.gateway, 'prepay')
    try {
      const first = await startPayment(server, shopper, order.id)
      const second = await startPayment(server, shopper, order.id)
      expect(first).toMatchObject({ mode: 'simulator', signType: 'RSA', package: expect.stringMatching(/^prepay_id=/) })
      expect(second.package).toBe(first.package)
      expect(prepay).toHaveBeenCalledTimes(1)
      expect(prepay.mock.calls[0]?.[0]).toMatchObject({ outTradeNo: order.id, totalFen: 2990, payerOpenid: 'pay-shopper', expireAt: order.payDeadline })
      // Someone else's order cannot be paid by them.
      const other = await server.signIn('pay-other')
      expect((await server.request({ method: 'POST', url: `/api/orders/${order.id}/payment`, headers: bearer(other) })).statusCode).toBe(404)
    } finally {
      prepay.mockRestore()
    }
  })

  it('applies a simulated payment once under three concurrent deliveries through the dev route', async () => {
    const order = await placeOrder(server, shopper, [{ skuId, quantity: 1 }])
    await startPayment(server, shopper, order.id)
    const before = await paidNotifications()
    const answers = await Promise.all([1, 2, 3].map(() => server.request({ method: 'POST', url: `/api/dev/payments/${order.id}/simulate`, headers: bearer(shopper), payload: { result: 'success' } })))
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200])
    const orders = answers.map((a) => a.json<OrderResponse>().order)
    expect(new Set(orders.map((o) => `${o.state}:${o.transactionId}:${o.paidAt}`)).size).toBe(1)
    expect(orders[0]).toMatchObject({ state: 'paid', transactionId: expect.stringMatching(/^4200/) })
    expect((await paidNotifications()) - before).toBe(1)

    const cancel = await placeOrder(server, shopper, [{ skuId, quantity: 1 }])
    await startPayment(server, shopper, cancel.id)
    const closedSheet = await server.request({ method: 'POST', url: `/api/dev/payments/${cancel.id}/simulate`, headers: bearer(shopper), payload: { result: 'cancel' } })
    expect(closedSheet.json<OrderResponse>().order.state).toBe('created')
    const unprepaid = await placeOrder(server, shopper, [{ skuId, quantity: 1 }])
    const early = await server.request({ method: 'POST', url: `/api/dev/payments/${unprepaid.id}/simulate`, headers: bearer(shopper), payload: { result: 'success' } })
    expect([early.statusCode, early.json()]).toEqual([409, expect.objectContaining({ field: 'orderId' })])
  })

  it('applies the same notification once and a transaction once, however often and concurrently delivered', async () => {
    const order = await placeOrder(server, shopper, [{ skuId, quantity: 1 }])
    await startPayment(server, shopper, order.id)
    const transaction = simulator().simulatePayment(order.id)
    const deps = server.handles.buying.deps
    const notification = { id: 'EV-repeat-1', eventType: 'TRANSACTION.SUCCESS', kind: 'transaction' as const, transaction }
    const results = await Promise.all([1, 2, 3].map(() => handleVerifiedNotification(deps, notification)))
    expect(results.filter((r) => !r.duplicate)).toEqual([{ duplicate: false, outcome: 'paid' }])
    expect(results.filter((r) => r.duplicate)).toHaveLength(2)

    // Distinct deliveries of one payment (new notification ids, or the sweeper's query) pay once too.
    const second = await placeOrder(server, shopper, [{ skuId, quantity: 1 }])
    await startPayment(server, shopper, second.id)
    const tx = simulator().simulatePayment(second.id)
    const outcomes = await Promise.all([1, 2, 3].map(() => applyTransaction(deps, tx)))
    expect(outcomes.sort()).toEqual(['already_paid', 'already_paid', 'paid'])
    const paid = await getOrder(server, shopper, second.id)
    expect(paid).toMatchObject({ state: 'paid', transactionId: tx.transactionId })
  })

  it('never marks paid on an amount, appid or mchid that differs from the order', async () => {
    const order = await placeOrder(server, shopper, [{ skuId, quantity: 2 }])
    await startPayment(server, shopper, order.id)
    const real = simulator().simulatePayment(order.id)
    const deps = server.handles.buying.deps
    const forged: Transaction[] = [{ ...real, totalFen: 1 }, { ...real, appid: 'wx_other_app' }, { ...real, mchid: '1234567890' }, { ...real, tradeState: 'NOTPAY' }]
    expect(await Promise.all(forged.map((tx) => applyTransaction(deps, tx)))).toEqual(['mismatch', 'mismatch', 'mismatch', 'not_paid'])
    expect(await applyTransaction(deps, { ...real, outTradeNo: 'o_unknown' })).toBe('unknown_order')
    expect((await getOrder(server, shopper, order.id)).state).toBe('created')
    expect(server.logs.some((l) => l.includes('transaction amount differs from the order'))).toBe(true)
  })

  it('finds a payment whose notification never came (sweeper query)', async () => {
    const order = await placeOrder(server, shopper, [{ skuId, quantity: 1 }])
    await startPayment(server, shopper, order.id)
    simulator().simulatePayment(order.id)
    expect((await getOrder(server, shopper, order.id)).state).toBe('created')
    server.clock.advanceSeconds(61)
    const report = await server.handles.buying.sweeper.sweepOnce()
    expect(report.paid).toBeGreaterThanOrEqual(1)
    expect((await getOrder(server, shopper, order.id)).state).toBe('paid')
  })

  it('answers an unverifiable notification 4xx and changes nothing', async () => {
    const order = await placeOrder(server, shopper, [{ skuId, quantity: 1 }])
    const before = await paidNotifications()
    const forged = JSON.stringify({ id: 'EV-forged', event_type: 'TRANSACTION.SUCCESS', resource: { ciphertext: 'x', nonce: 'n', associated_data: '' }, out_trade_no: order.id })
    for (const url of ['/api/wechatpay/notify', '/api/wechatpay/refund-notify']) {
      const res = await server.request({
        method: 'POST',
        url,
        rawBody: forged,
        headers: { 'wechatpay-signature': 'WECHATPAY/SIGNTEST/abc', 'wechatpay-serial': 'PUB_KEY_ID_X', 'wechatpay-timestamp': '1', 'wechatpay-nonce': 'n' },
      })
      expect({ status: res.statusCode, error: res.json<{ error: string }>().error }).toEqual({ status: 401, error: 'notification_rejected' })
    }
    const garbage = await server.request({ method: 'POST', url: '/api/wechatpay/notify', rawBody: '{not json' })
    expect(garbage.statusCode).toBe(401)
    expect(await paidNotifications()).toBe(before)
    expect((await getOrder(server, shopper, order.id)).state).toBe('created')
    // The raw-body parser is scoped to the notification routes: JSON elsewhere is parsed as usual.
    expect((await server.request({ method: 'POST', url: '/api/orders', headers: bearer(shopper), rawBody: '{not json' })).statusCode).toBe(400)
  })

  it('a paid order is found by the tab and the simulate route answers only the order’s owner', async () => {
    const order = await payOrder(server, shopper, (await placeOrder(server, shopper, [{ skuId, quantity: 1 }])).id)
    const other = await server.signIn('pay-intruder')
    const res = await server.request({ method: 'POST', url: `/api/dev/payments/${order.id}/simulate`, headers: bearer(other), payload: { result: 'success' } })
    expect(res.statusCode).toBe(404)
    const tab = await server.request({ method: 'GET', url: '/api/orders?state=paid', headers: bearer(shopper) })
    expect(tab.json<{ orders: { id: string }[] }>().orders.map((o) => o.id)).toContain(order.id)
  })
})
