/**
 * The whole server with WeChat Pay configured, against the loopback APIv3 fake: prepay and
 * paySign, payment notifications applied once however often and however concurrently they come,
 * rejected notifications changing nothing, mismatched transactions not paying, and which payment
 * mode runs. (Sweeper and refunds: wechatpay-recovery.test.ts.)
 */
import type { Order, PaymentAnomalyListResponse, PaymentParams } from '../../miniprogram/contract/order-schemas'
import type { HealthResponse, LoginResponse } from '../../miniprogram/core/api-types'
import { moveOrder, returnStock } from '../../server/src/orders/order-store'
import { chinaRfc3339 } from '../../server/src/payments/wechatpay-gateway'
import { generateWechatPayKeys, type WechatPayTestKeys } from '../fakes/wechat-pay-keys'
import { getOrder, goodsWithSkus, placeOrder, skuStock, startPayment } from './support/buying-fixtures'
import { onEachEngine } from './support/engines'
import { bearer, createTestServer } from './support/test-server'
import { deliver, NOTIFY_PATH, paySignVerifies, PUBLIC_BASE_URL, REFUND_NOTIFY_PATH, startWechatPayServer, storedNotificationIds, type WechatPayServer } from './support/wechatpay-server'

let keys: WechatPayTestKeys
beforeAll(() => {
  keys = generateWechatPayKeys()
})

onEachEngine('buying with WeChat Pay', (env) => {
  let rig: WechatPayServer
  let admin: LoginResponse

  beforeAll(async () => {
    // Four hours to pay, so a prepay_id can age past its two hours while the order is still payable.
    rig = await startWechatPayServer(keys, { ...env, ORDER_PAY_MINUTES: '240' })
    admin = await rig.server.signIn('wxpay-admin', 'admin')
  })
  afterAll(() => rig?.close())

  /** A shopper's created order for `quantity` of a fresh SKU priced 1250 fen with stock 5. */
  async function freshOrder(openid: string, quantity = 2): Promise<{ shopper: LoginResponse; order: Order; goodsId: string; skuId: string }> {
    const goods = await goodsWithSkus(rig.server, admin, [{ value: '标准', priceFen: 1250, stock: 5 }])
    const sku = goods.skus[0]
    if (sku === undefined) throw new Error('SKU missing')
    const shopper = await rig.server.signIn(openid)
    const order = await placeOrder(rig.server, shopper, [{ skuId: sku.id, quantity }])
    return { shopper, order, goodsId: goods.id, skuId: sku.id }
  }

  it('prepays a JSAPI order signed by the merchant, priced by the server, for the signed-in payer; paySign verifies', async () => {
    const { shopper, order } = await freshOrder('wx-payer-openid-1')
    const params = await startPayment(rig.server, shopper, order.id)
    expect(params).toMatchObject({ mode: 'wechatpay', signType: 'RSA', package: expect.stringMatching(/^prepay_id=wx\d{34}$/) })
    expect(paySignVerifies(keys, params)).toBe(true)
    // Over another package the same signature does not hold: it signs these parameters.
    expect(paySignVerifies(keys, { ...params, package: 'prepay_id=wx0' })).toBe(false)

    const calls = rig.fake.callsTo('jsapi').filter((c) => c.body?.out_trade_no === order.id)
    expect(calls.map((c) => [c.authorized, c.status])).toEqual([[true, 200]])
    expect(calls[0]?.body).toEqual({
      appid: keys.appId,
      mchid: keys.mchId,
      description: '测试商品',
      out_trade_no: order.id,
      time_expire: chinaRfc3339(order.payDeadline),
      notify_url: `${PUBLIC_BASE_URL}${NOTIFY_PATH}`,
      amount: { total: 2 * 1250, currency: 'CNY' },
      payer: { openid: 'wx-payer-openid-1' },
    })
  })

  it('reuses the prepay_id on a second payment call, and re-enters with the same parameters once it has aged', async () => {
    const { shopper, order } = await freshOrder('wx-payer-openid-2')
    const first = await startPayment(rig.server, shopper, order.id)
    const second = await startPayment(rig.server, shopper, order.id)
    expect(second.package).toBe(first.package)
    expect(paySignVerifies(keys, second)).toBe(true)
    expect(rig.fake.callsTo('jsapi').filter((c) => c.body?.out_trade_no === order.id)).toHaveLength(1)

    rig.server.clock.advanceSeconds(2 * 3600)
    const later = await startPayment(rig.server, shopper, order.id)
    const calls = rig.fake.callsTo('jsapi').filter((c) => c.body?.out_trade_no === order.id)
    // The fake answers INVALID_REQUEST if a re-entry's parameters differ from the first request's.
    expect(calls.map((c) => c.status)).toEqual([200, 200])
    expect(calls[1]?.body).toEqual(calls[0]?.body)
    expect(later.package).toBe(`prepay_id=${rig.fake.orders.get(order.id)?.prepayIds[1]}`)
    expect(later.package).not.toBe(first.package)
  })

  it('pays once when the same notification comes three times: one applied record, paidAt and stock as paid', async () => {
    const { shopper, order, goodsId, skuId } = await freshOrder('wx-payer-repeat')
    await startPayment(rig.server, shopper, order.id)
    const transaction = rig.fake.markPaid(order.id)
    const notification = rig.fake.notification('transaction', transaction, { id: `EV-repeat-${order.id}` })
    const paidAt = Math.floor(rig.server.clock.nowMs() / 1000)
    const answers = []
    for (let i = 0; i < 3; i += 1) {
      answers.push((await deliver(rig.server, notification)).statusCode)
      rig.server.clock.advanceSeconds(10)
    }
    expect(answers).toEqual([204, 204, 204])
    const paid = await getOrder(rig.server, shopper, order.id)
    expect(paid).toMatchObject({ state: 'paid', paidAt, transactionId: transaction.transaction_id })
    expect((await storedNotificationIds(rig.server)).filter((id) => id === `EV-repeat-${order.id}`)).toHaveLength(1)
    expect(await skuStock(rig.server, goodsId, skuId)).toBe(3)
    expect(rig.server.logs.filter((l) => l.includes(order.id) && l.includes('"order paid"'))).toHaveLength(1)
  })

  it('pays once when 10 copies arrive at once, and when 10 differently numbered notifications of the payment race', async () => {
    const { shopper, order, goodsId, skuId } = await freshOrder('wx-payer-race')
    await startPayment(rig.server, shopper, order.id)
    const transaction = rig.fake.markPaid(order.id)
    const notification = rig.fake.notification('transaction', transaction, { id: `EV-race-${order.id}` })
    const answers = await Promise.all(Array.from({ length: 10 }, () => deliver(rig.server, notification)))
    expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(204))
    const paid = await getOrder(rig.server, shopper, order.id)
    expect(paid).toMatchObject({ state: 'paid', paidAt: expect.any(Number), transactionId: transaction.transaction_id })
    expect((await storedNotificationIds(rig.server)).filter((id) => id === `EV-race-${order.id}`)).toHaveLength(1)

    rig.server.clock.advanceSeconds(30)
    const distinct = await Promise.all(Array.from({ length: 10 }, (_, i) => deliver(rig.server, rig.fake.notification('transaction', transaction, { id: `EV-race-${order.id}-${i}` }))))
    expect(distinct.map((a) => a.statusCode)).toEqual(Array(10).fill(204))
    // paidAt is the first payment's, not a later delivery's.
    expect(await getOrder(rig.server, shopper, order.id)).toMatchObject({ state: 'paid', paidAt: paid.paidAt })
    expect(rig.server.logs.filter((l) => l.includes(order.id) && l.includes('"order paid"'))).toHaveLength(1)
    expect(await skuStock(rig.server, goodsId, skuId)).toBe(3)
  })

  it('answers 4xx to a tampered body, an unknown serial, a stale timestamp and a SIGNTEST probe, and changes nothing', async () => {
    const { shopper, order, goodsId, skuId } = await freshOrder('wx-payer-forged')
    await startPayment(rig.server, shopper, order.id)
    const transaction = rig.fake.markPaid(order.id)
    const nowSeconds = Math.floor(rig.server.clock.nowMs() / 1000)
    const spoiled = {
      tampered: rig.fake.notification('transaction', transaction, { id: 'EV-forged-tamper', tamperBody: true }),
      unknownSerial: rig.fake.notification('transaction', transaction, { id: 'EV-forged-serial', serial: 'PUB_KEY_ID_0119UNKNOWN000000000000000000' }),
      stale: rig.fake.notification('transaction', transaction, { id: 'EV-forged-stale', timestamp: nowSeconds - 301 }),
      signTest: rig.fake.notification('transaction', transaction, { id: 'EV-forged-probe', signTest: true }),
    }
    const answered: Record<string, [number, string | undefined]> = {}
    for (const [name, notification] of Object.entries(spoiled)) {
      const res = await deliver(rig.server, notification)
      answered[name] = [res.statusCode, res.json<{ field?: string }>().field]
    }
    expect(answered).toEqual({
      tampered: [401, 'wechatpay-signature'],
      unknownSerial: [401, 'wechatpay-signature'],
      stale: [401, 'wechatpay-signature'],
      signTest: [401, 'wechatpay-signature'],
    })
    expect(await getOrder(rig.server, shopper, order.id)).toMatchObject({ state: 'created', paidAt: null, transactionId: null })
    expect((await storedNotificationIds(rig.server)).filter((id) => id.startsWith('EV-forged-'))).toEqual([])
    expect(await skuStock(rig.server, goodsId, skuId)).toBe(3)

    // WeChat Pay's correctly signed retry then pays it.
    expect((await deliver(rig.server, rig.fake.notification('transaction', transaction))).statusCode).toBe(204)
    expect((await getOrder(rig.server, shopper, order.id)).state).toBe('paid')
  })

  it('answers 4xx {error, message, field} to a notification without its headers, not JSON, or of another content type', async () => {
    const signed = rig.fake.notification('transaction', { appid: keys.appId })
    const { 'wechatpay-signature': _dropped, ...unsigned } = signed.headers
    const answers = await Promise.all([
      rig.server.request({ method: 'POST', url: NOTIFY_PATH, rawBody: signed.body, headers: unsigned }),
      rig.server.request({ method: 'POST', url: NOTIFY_PATH, rawBody: '{"id":', headers: signed.headers }),
      rig.server.request({ method: 'POST', url: NOTIFY_PATH, rawBody: signed.body, headers: { ...signed.headers, 'content-type': 'text/plain' } }),
      rig.server.request({ method: 'POST', url: REFUND_NOTIFY_PATH, rawBody: '', headers: signed.headers }),
    ])
    const seen = answers.map((a) => ({ status: a.statusCode, body: a.json() }))
    for (const answer of seen) {
      expect(answer).toEqual({ status: expect.any(Number), body: expect.objectContaining({ error: expect.any(String), message: expect.any(String), field: expect.any(String) }) })
      expect(answer.status >= 400 && answer.status < 500).toBe(true)
    }
  })

  it('does not pay on a validly signed transaction with another amount, appid or mchid', async () => {
    const { shopper, order } = await freshOrder('wx-payer-mismatch')
    await startPayment(rig.server, shopper, order.id)
    const transaction = rig.fake.markPaid(order.id)
    const amount = transaction.amount as Record<string, unknown>
    const variants = [
      { ...transaction, amount: { ...amount, total: 1, payer_total: 1 } },
      { ...transaction, appid: 'wx9999999999999999' },
      { ...transaction, mchid: '1900000999' },
    ]
    for (const resource of variants) {
      const res = await deliver(rig.server, rig.fake.notification('transaction', resource))
      expect([res.statusCode, res.body]).toEqual([204, ''])
    }
    expect(await getOrder(rig.server, shopper, order.id)).toMatchObject({ state: 'created', paidAt: null, transactionId: null })
    const refusals = rig.server.logs.filter((l) => l.includes(order.id) && /amount differs|another appid or mchid/.test(l))
    expect(refusals).toHaveLength(3)
  })

  it('refunds at WeChat Pay, once, a signed payment for an order already closed here, and leaves the order closed', async () => {
    const { shopper, order, goodsId, skuId } = await freshOrder('wx-payer-after-close')
    await startPayment(rig.server, shopper, order.id)
    // Closed here only (as a database restored from before the prepay would have it); WeChat Pay still takes the payment.
    const now = rig.server.handles.buying.deps.nowSeconds()
    await rig.server.handles.database.db.transaction().execute(async (trx) => {
      expect(await moveOrder(trx, order.id, 'created', 'closed', now, { closed_at: now })).toBe(true)
      await returnStock(trx, order.id)
    })
    const transaction = rig.fake.markPaid(order.id)
    for (let i = 0; i < 3; i += 1) {
      const res = await deliver(rig.server, rig.fake.notification('transaction', transaction))
      expect([res.statusCode, res.body]).toEqual([204, ''])
    }
    const refunds = rig.fake.callsTo('refund').filter((c) => c.body?.out_trade_no === order.id)
    expect(refunds.map((c) => [c.authorized, c.status, c.body?.amount])).toEqual([[true, 200, { refund: 2500, total: 2500, currency: 'CNY' }]])
    const listed = await rig.server.request({ method: 'GET', url: '/api/admin/payment-anomalies', headers: bearer(admin) })
    expect(listed.json<PaymentAnomalyListResponse>().anomalies.filter((a) => a.outTradeNo === order.id)).toEqual([
      expect.objectContaining({ kind: 'paid_after_close', state: expect.stringMatching(/^(refunding|refunded)$/), amountFen: 2500, transactionId: transaction.transaction_id }),
    ])
    expect(await getOrder(rig.server, shopper, order.id)).toMatchObject({ state: 'closed', paidAt: null })
    expect(await skuStock(rig.server, goodsId, skuId)).toBe(5)
  })

  it('sends a payment notification to the refund URL back with 400, and needs no sign-in on either', async () => {
    const { shopper, order } = await freshOrder('wx-payer-wrong-url')
    await startPayment(rig.server, shopper, order.id)
    const res = await deliver(rig.server, rig.fake.notification('transaction', rig.fake.markPaid(order.id)), REFUND_NOTIFY_PATH)
    expect([res.statusCode, res.json()]).toEqual([400, expect.objectContaining({ error: 'wrong_notification', field: 'body' })])
    expect((await getOrder(rig.server, shopper, order.id)).state).toBe('created')
  })

  it('has no dev simulate route and says so on /healthz: payments wechatpay', async () => {
    const { shopper, order } = await freshOrder('wx-payer-simulate')
    await startPayment(rig.server, shopper, order.id)
    const simulate = await rig.server.request({ method: 'POST', url: `/api/dev/payments/${order.id}/simulate`, headers: bearer(shopper), payload: { result: 'success' } })
    expect([simulate.statusCode, simulate.json()]).toEqual([404, expect.objectContaining({ error: 'not_found' })])
    expect((await getOrder(rig.server, shopper, order.id)).state).toBe('created')
    const health = await rig.server.request({ url: '/healthz' })
    expect(health.json<HealthResponse>()).toMatchObject({ ok: true, payments: 'wechatpay' })
  })
})

describe('the pay simulator (no WECHATPAY_*)', () => {
  it('registers the dev simulate route and says payments simulator on /healthz', async () => {
    const server = await createTestServer({ env: { RATE_LIMIT_LOGIN_PER_MINUTE: '1000' } })
    try {
      const shopper = await server.signIn('sim-shopper')
      const health = await server.request({ url: '/healthz' })
      expect(health.json<HealthResponse>()).toMatchObject({ ok: true, payments: 'simulator' })
      const admin = await server.signIn('sim-admin', 'admin')
      const goods = await goodsWithSkus(server, admin)
      const order = await placeOrder(server, shopper, [{ skuId: goods.skus[0]?.id ?? '', quantity: 1 }])
      const params: PaymentParams = await startPayment(server, shopper, order.id)
      expect(params.mode).toBe('simulator')
      const simulate = await server.request({ method: 'POST', url: `/api/dev/payments/${order.id}/simulate`, headers: bearer(shopper), payload: { result: 'success' } })
      expect([simulate.statusCode, simulate.json<{ order: Order }>().order.state]).toEqual([200, 'paid'])
    } finally {
      await server.close()
    }
  })
})
