/**
 * The whole server with WeChat Pay configured, on what notifications alone cannot guarantee: a
 * lost payment notification found by the sweeper's query, an expired order closed at WeChat Pay
 * with its stock returned, and refunds sent once (the same out_refund_no after a 5xx) and settled
 * once by their notification.
 */
import type { Order, RefundResponse } from '../../miniprogram/contract/order-schemas'
import type { LoginResponse } from '../../miniprogram/core/api-types'
import { generateWechatPayKeys, type WechatPayTestKeys } from '../fakes/wechat-pay-keys'
import { getOrder, goodsWithSkus, placeOrder, skuStock, startPayment } from './support/buying-fixtures'
import { onEachEngine } from './support/engines'
import { bearer } from './support/test-server'
import { deliver, payThroughWechat, PUBLIC_BASE_URL, REFUND_NOTIFY_PATH, startWechatPayServer, type WechatPayServer } from './support/wechatpay-server'

let keys: WechatPayTestKeys
beforeAll(() => {
  keys = generateWechatPayKeys()
})

onEachEngine('WeChat Pay recovery and refunds', (env) => {
  let rig: WechatPayServer
  let admin: LoginResponse

  beforeAll(async () => {
    rig = await startWechatPayServer(keys, env)
    admin = await rig.server.signIn('wxpay-recovery-admin', 'admin')
  })
  afterAll(() => rig?.close())

  async function freshOrder(openid: string, quantity = 2): Promise<{ shopper: LoginResponse; order: Order; goodsId: string; skuId: string }> {
    const goods = await goodsWithSkus(rig.server, admin, [{ value: '标准', priceFen: 1250, stock: 5 }])
    const sku = goods.skus[0]
    if (sku === undefined) throw new Error('SKU missing')
    const shopper = await rig.server.signIn(openid)
    const order = await placeOrder(rig.server, shopper, [{ skuId: sku.id, quantity }])
    return { shopper, order, goodsId: goods.id, skuId: sku.id }
  }

  it('pays an order whose notification was lost: the sweeper queries WeChat Pay a minute later', async () => {
    const { shopper, order } = await freshOrder('wx-lost-notification')
    await startPayment(rig.server, shopper, order.id)
    const transaction = rig.fake.markPaid(order.id)
    const queriesOf = () => rig.fake.callsTo('query').filter((c) => c.url.startsWith(`/v3/pay/transactions/out-trade-no/${order.id}?`))
    await rig.server.handles.buying.sweeper.sweepOnce()
    // Within the first minute the notification is still expected: no query yet.
    expect(queriesOf()).toEqual([])

    rig.server.clock.advanceSeconds(61)
    // (On PostgreSQL the database is shared with the other suites, so the pass may find other orders too.)
    const report = await rig.server.handles.buying.sweeper.sweepOnce()
    expect(report.paid).toBeGreaterThanOrEqual(1)
    const queries = queriesOf()
    expect(queries.map((c) => [c.authorized, c.status, c.url.endsWith(`mchid=${keys.mchId}`)])).toEqual([[true, 200, true]])
    expect(await getOrder(rig.server, shopper, order.id)).toMatchObject({ state: 'paid', transactionId: transaction.transaction_id, paidAt: expect.any(Number) })

    // The notification arriving late changes nothing.
    expect((await deliver(rig.server, rig.fake.notification('transaction', transaction))).statusCode).toBe(204)
    expect(rig.server.logs.filter((l) => l.includes(order.id) && l.includes('"order paid"'))).toHaveLength(1)
  })

  it('closes an expired unpaid order at WeChat Pay and here, and returns its stock', async () => {
    const { shopper, order, goodsId, skuId } = await freshOrder('wx-expired')
    await startPayment(rig.server, shopper, order.id)
    expect(await skuStock(rig.server, goodsId, skuId)).toBe(3)

    rig.server.clock.advanceSeconds(15 * 60 + 1)
    const report = await rig.server.handles.buying.sweeper.sweepOnce()
    expect(report.closed).toBeGreaterThanOrEqual(1)
    const closes = rig.fake.callsTo('close').filter((c) => c.url === `/v3/pay/transactions/out-trade-no/${order.id}/close`)
    expect(closes.map((c) => [c.authorized, c.status, c.body])).toEqual([[true, 204, { mchid: keys.mchId }]])
    expect(rig.fake.orders.get(order.id)?.state).toBe('CLOSED')
    expect(await getOrder(rig.server, shopper, order.id)).toMatchObject({ state: 'closed', closedAt: expect.any(Number) })
    expect(await skuStock(rig.server, goodsId, skuId)).toBe(5)

    // A payment sheet left open cannot pay it now: the server refuses and the fake has it closed.
    const pay = await rig.server.request({ method: 'POST', url: `/api/orders/${order.id}/payment`, headers: bearer(shopper) })
    expect(pay.statusCode).toBe(409)
  })

  async function askRefund(shopper: LoginResponse, orderId: string, amountFen?: number): Promise<string> {
    const res = await rig.server.request({ method: 'POST', url: `/api/orders/${orderId}/refunds`, headers: bearer(shopper), payload: { reason: '不想要了', ...(amountFen === undefined ? {} : { amountFen }) } })
    if (res.statusCode !== 201) throw new Error(`refund not requested: ${res.statusCode} ${res.body}`)
    return res.json<RefundResponse>().refund.id
  }

  it('refunds once: approved, retried after a 5xx with the same out_refund_no, settled by its notification once', async () => {
    const { shopper, order } = await freshOrder('wx-refund-full')
    await payThroughWechat(rig, shopper, order.id)
    const refundId = await askRefund(shopper, order.id)
    rig.fake.injectFault('refund', { kind: 'http', status: 500 })

    const approved = await rig.server.request({ method: 'POST', url: `/api/refunds/${refundId}/approve`, headers: bearer(admin) })
    expect([approved.statusCode, approved.json<RefundResponse>().refund.state]).toEqual([200, 'processing'])
    expect((await getOrder(rig.server, shopper, order.id)).state).toBe('refunding')
    const again = await rig.server.request({ method: 'POST', url: `/api/refunds/${refundId}/approve`, headers: bearer(admin) })
    expect(again.statusCode).toBe(200)

    // The sweeper leaves a refund approved in the last minute to the call still on its way.
    rig.server.clock.advanceSeconds(61)
    await rig.server.handles.buying.sweeper.sweepOnce()
    const calls = rig.fake.callsTo('refund').filter((c) => c.body?.out_trade_no === order.id)
    expect(calls.map((c) => c.status)).toEqual([500, 200])
    expect(new Set(calls.map((c) => c.body?.out_refund_no))).toEqual(new Set([refundId]))
    expect(calls[1]?.body).toMatchObject({ notify_url: `${PUBLIC_BASE_URL}${REFUND_NOTIFY_PATH}`, amount: { refund: 2500, total: 2500, currency: 'CNY' } })
    expect([...rig.fake.refunds.values()].filter((r) => r.outTradeNo === order.id)).toHaveLength(1)
    // Still processing at WeChat Pay: another pass queries it and sends nothing.
    await rig.server.handles.buying.sweeper.sweepOnce()
    expect(rig.fake.callsTo('refund').filter((c) => c.body?.out_trade_no === order.id)).toHaveLength(2)
    expect((await getOrder(rig.server, shopper, order.id)).state).toBe('refunding')

    const notification = rig.fake.notification('refund', rig.fake.settleRefund(refundId))
    const answers = []
    for (let i = 0; i < 3; i += 1) answers.push((await deliver(rig.server, notification, REFUND_NOTIFY_PATH)).statusCode)
    expect(answers).toEqual([204, 204, 204])
    const refunded = await getOrder(rig.server, shopper, order.id)
    expect(refunded).toMatchObject({ state: 'refunded', refundedFen: 2500, refunds: [{ id: refundId, state: 'succeeded', amountFen: 2500 }] })
  })

  it('moves a partial refund to partially_refunded, applied once when its notification repeats concurrently', async () => {
    const { shopper, order } = await freshOrder('wx-refund-partial')
    await payThroughWechat(rig, shopper, order.id)
    const refundId = await askRefund(shopper, order.id, 1000)
    const approved = await rig.server.request({ method: 'POST', url: `/api/refunds/${refundId}/approve`, headers: bearer(admin) })
    expect([approved.statusCode, approved.json<RefundResponse>().refund.state]).toEqual([200, 'processing'])

    const notification = rig.fake.notification('refund', rig.fake.settleRefund(refundId))
    const answers = await Promise.all(Array.from({ length: 5 }, () => deliver(rig.server, notification, REFUND_NOTIFY_PATH)))
    expect(answers.map((a) => a.statusCode)).toEqual(Array(5).fill(204))
    expect(await getOrder(rig.server, shopper, order.id)).toMatchObject({ state: 'partially_refunded', refundedFen: 1000, refunds: [{ id: refundId, state: 'succeeded' }] })

    // A second, differently numbered delivery of the same refund settles nothing more.
    expect((await deliver(rig.server, rig.fake.notification('refund', rig.fake.settleRefund(refundId)), REFUND_NOTIFY_PATH)).statusCode).toBe(204)
    expect(await getOrder(rig.server, shopper, order.id)).toMatchObject({ state: 'partially_refunded', refundedFen: 1000 })
  })
})
