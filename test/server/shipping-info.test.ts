import type { Order, OrderResponse } from '../../miniprogram/contract/order-schemas'
import type { LoginResponse } from '../../miniprogram/core/api-types'
import { IS_TRADE_MANAGED_PATH, UPLOAD_SHIPPING_INFO_PATH } from '../../server/src/wechat/shipping-info'
import { FakeWechatApi } from '../fakes/wechat-api'
import { goodsWithSkus, payOrder, placeOrder } from './support/buying-fixtures'
import { bearer, createTestServer, type TestServer } from './support/test-server'

describe('shipping information (小程序发货信息管理)', () => {
  let wechat: FakeWechatApi
  let server: TestServer
  let admin: LoginResponse
  let shopper: LoginResponse
  let skuId: string

  beforeAll(async () => {
    wechat = new FakeWechatApi()
    await wechat.start()
    server = await createTestServer({ wechat, env: { RATE_LIMIT_LOGIN_PER_MINUTE: '100000' } })
    admin = await server.signIn('ship-admin', 'admin')
    shopper = await server.signIn('ship-shopper')
    const goods = await goodsWithSkus(server, admin, [{ value: '默认', priceFen: 3300, stock: 100 }])
    skuId = goods.skus[0]?.id ?? ''
  })
  afterAll(async () => {
    await server.close()
    await wechat.close()
  })

  const ship = (orderId: string, expressCompany = 'SF') =>
    server.request({ method: 'POST', url: `/api/orders/${orderId}/ship`, headers: bearer(admin), payload: { expressCompany, trackingNo: `${expressCompany}0001` } })
  const uploadRow = (orderId: string) => server.handles.database.db.selectFrom('shipping_uploads').selectAll().where('order_id', '=', orderId).executeTakeFirst()

  it('tells a trade-managed account’s shopper to confirm receipt in WeChat (asked once, cached)', async () => {
    const order = await placeOrder(server, shopper, [{ skuId, quantity: 1 }])
    expect(order.confirmReceiptVia).toBe('wechat')
    await placeOrder(server, shopper, [{ skuId, quantity: 1 }])
    expect(wechat.callsTo(IS_TRADE_MANAGED_PATH)).toHaveLength(1)
    expect(wechat.callsTo(IS_TRADE_MANAGED_PATH)[0]?.body).toEqual({ appid: wechat.appId })
  })

  it('uploads a shipment once, naming the payment, the courier and the masked contact SF needs', async () => {
    const paid: Order = await payOrder(server, shopper, (await placeOrder(server, shopper, [{ skuId, quantity: 2 }])).id)
    const before = wechat.shippingUploads.length
    const res = await ship(paid.id)
    expect(res.json<OrderResponse>().order.state).toBe('shipped')
    expect(wechat.shippingUploads.length - before).toBe(1)
    expect(wechat.shippingUploads.at(-1)).toMatchObject({
      order_key: { order_number_type: 2, transaction_id: paid.transactionId },
      logistics_type: 1,
      delivery_mode: 1,
      shipping_list: [{ tracking_no: 'SF0001', express_company: 'SF', item_desc: '测试商品 默认*2', contact: { receiver_contact: '*******1234' } }],
      payer: { openid: 'ship-shopper' },
      upload_time: '2026-11-21T12:00:00.000+08:00',
    })
    expect(await uploadRow(paid.id)).toMatchObject({ state: 'uploaded', attempts: 1, errcode: 0 })
    server.clock.advanceSeconds(3600)
    await server.handles.buying.sweeper.sweepOnce()
    expect(wechat.shippingUploads.length - before).toBe(1)
  })

  it('retries 10060001 (payment not indexed yet) after a backoff on the app clock, then stops', async () => {
    const paid = await payOrder(server, shopper, (await placeOrder(server, shopper, [{ skuId, quantity: 1 }])).id)
    wechat.injectFault(UPLOAD_SHIPPING_INFO_PATH, { kind: 'errcode', errcode: 10060001, errmsg: '支付单不存在' }, 2)
    const calls = () => wechat.callsTo(UPLOAD_SHIPPING_INFO_PATH).filter((c) => (c.body?.order_key as { transaction_id?: string } | undefined)?.transaction_id === paid.transactionId).length
    expect((await ship(paid.id, 'ZTO')).statusCode).toBe(200)
    expect(calls()).toBe(1)
    expect(await uploadRow(paid.id)).toMatchObject({ state: 'pending', attempts: 1, errcode: 10060001 })

    await server.handles.buying.sweeper.sweepOnce()
    expect(calls()).toBe(1)
    server.clock.advanceSeconds(10)
    await server.handles.buying.sweeper.sweepOnce()
    expect(calls()).toBe(2)
    expect(await uploadRow(paid.id)).toMatchObject({ state: 'pending', attempts: 2 })
    server.clock.advanceSeconds(10)
    await server.handles.buying.sweeper.sweepOnce()
    expect(calls()).toBe(2)
    server.clock.advanceSeconds(10)
    await server.handles.buying.sweeper.sweepOnce()
    expect(calls()).toBe(3)
    expect(await uploadRow(paid.id)).toMatchObject({ state: 'uploaded', attempts: 3, errcode: 0 })
    server.clock.advanceSeconds(600)
    await server.handles.buying.sweeper.sweepOnce()
    expect(calls()).toBe(3)
  })

  it('records WeChat’s refusal and does not retry it', async () => {
    const paid = await payOrder(server, shopper, (await placeOrder(server, shopper, [{ skuId, quantity: 1 }])).id)
    wechat.injectFault(UPLOAD_SHIPPING_INFO_PATH, { kind: 'errcode', errcode: 10060004, errmsg: '支付单处于不可发货的状态' })
    await ship(paid.id, 'YTO')
    expect(await uploadRow(paid.id)).toMatchObject({ state: 'failed', errcode: 10060004 })
    server.clock.advanceSeconds(600)
    const before = wechat.callsTo(UPLOAD_SHIPPING_INFO_PATH).length
    await server.handles.buying.sweeper.sweepOnce()
    expect(wechat.callsTo(UPLOAD_SHIPPING_INFO_PATH).length).toBe(before)
  })
})

describe('shipping information in dev mode (no WeChat credentials)', () => {
  it('is not trade-managed and uploads nothing', async () => {
    const server = await createTestServer()
    try {
      const admin = await server.signIn('dev-ship-admin', 'admin')
      const shopper = await server.signIn('dev-ship-shopper')
      const goods = await goodsWithSkus(server, admin)
      const paid = await payOrder(server, shopper, (await placeOrder(server, shopper, [{ skuId: goods.skus[0]?.id ?? '', quantity: 1 }])).id)
      expect(paid.confirmReceiptVia).toBe('merchant')
      expect((await server.request({ method: 'POST', url: `/api/orders/${paid.id}/ship`, headers: bearer(admin), payload: { expressCompany: 'SF', trackingNo: 'SF1' } })).statusCode).toBe(200)
      expect(await server.handles.database.db.selectFrom('shipping_uploads').selectAll().execute()).toEqual([])
    } finally {
      await server.close()
    }
  })
})
