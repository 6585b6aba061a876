import type { Address, Order, OrderListResponse, OrderResponse } from '../../miniprogram/contract/order-schemas'
import type { LoginResponse, Room } from '../../miniprogram/core/api-types'
import { ADDRESS, addressOf, getOrder, goodsWithSkus, payOrder, placeOrder, skuStock, startPayment } from './support/buying-fixtures'
import { onEachEngine } from './support/engines'
import { loadConfig } from '../../server/src/config'
import { baseEnv, bearer, createTestServer, type TestServer } from './support/test-server'

describe('ORDER_PAY_MINUTES', () => {
  it('defaults to 15 and is checked at start', () => {
    const env = baseEnv('/tmp/unused.sqlite')
    expect(loadConfig(env).orderPayMinutes).toBe(15)
    expect(loadConfig({ ...env, ORDER_PAY_MINUTES: '30' }).orderPayMinutes).toBe(30)
    expect(() => loadConfig({ ...env, ORDER_PAY_MINUTES: '0' })).toThrow(/ORDER_PAY_MINUTES must be an integer from 1 to 1440, got "0"/)
  })

  it('sets the time to pay', async () => {
    const server = await createTestServer({ env: { ORDER_PAY_MINUTES: '3' } })
    try {
      const admin = await server.signIn('minutes-admin', 'admin')
      const shopper = await server.signIn('minutes-shopper')
      const goods = await goodsWithSkus(server, admin)
      const order = await placeOrder(server, shopper, [{ skuId: goods.skus[0]?.id ?? '', quantity: 1 }])
      expect(order.payDeadline - order.createdAt).toBe(180)
    } finally {
      await server.close()
    }
  })
})

onEachEngine('orders', (env) => {
  let server: TestServer
  let admin: LoginResponse
  let shopper: LoginResponse

  beforeAll(async () => {
    server = await createTestServer({ env })
    admin = await server.signIn('orders-admin', 'admin')
    shopper = await server.signIn('orders-shopper')
  })
  afterAll(() => server.close())

  it('keeps a shopper’s addresses: the same one twice is kept once, others cannot see or delete it', async () => {
    const first = await server.request({ method: 'POST', url: '/api/addresses', headers: bearer(shopper), payload: ADDRESS })
    const again = await server.request({ method: 'POST', url: '/api/addresses', headers: bearer(shopper), payload: ADDRESS })
    expect([first.statusCode, again.statusCode]).toEqual([201, 200])
    const kept = first.json<{ address: Address }>().address
    expect(again.json<{ address: Address }>().address.id).toBe(kept.id)
    const other = await server.signIn('orders-other')
    expect((await server.request({ method: 'GET', url: '/api/addresses', headers: bearer(other) })).json<{ addresses: Address[] }>().addresses).toEqual([])
    expect((await server.request({ method: 'DELETE', url: `/api/addresses/${kept.id}`, headers: bearer(other) })).statusCode).toBe(404)
    const mine = (await server.request({ method: 'GET', url: '/api/addresses', headers: bearer(shopper) })).json<{ addresses: Address[] }>().addresses
    expect(mine.map((a) => a.id)).toContain(kept.id)

    const many = await server.signIn('orders-many-addresses')
    for (let i = 0; i < 20; i += 1) await addressOf(server, many, { detail: `第 ${i} 号` })
    const full = await server.request({ method: 'POST', url: '/api/addresses', headers: bearer(many), payload: { ...ADDRESS, detail: '第 21 个' } })
    expect(full.statusCode).toBe(409)
    const last = (await server.request({ method: 'GET', url: '/api/addresses', headers: bearer(many) })).json<{ addresses: Address[] }>().addresses[0]
    expect((await server.request({ method: 'DELETE', url: `/api/addresses/${last?.id}`, headers: bearer(many) })).statusCode).toBe(204)
  })

  it('prices an order from the SKUs, snapshots its items and reserves the stock', async () => {
    const goods = await goodsWithSkus(server, admin, [
      { value: '红', priceFen: 1250, stock: 5 },
      { value: '蓝', priceFen: 990, stock: 3 },
    ])
    const [red, blue] = goods.skus
    if (red === undefined || blue === undefined) throw new Error('SKUs missing')
    const order = await placeOrder(server, shopper, [
      { skuId: red.id, quantity: 2 },
      { skuId: blue.id, quantity: 1 },
    ], { note: '请尽快发货', totalFen: 1 })
      .catch((err: Error) => err)
    // A client-sent amount is not an input at all.
    expect(order).toBeInstanceOf(Error)
    expect(String(order)).toMatch(/totalFen/)

    const placed = await placeOrder(server, shopper, [
      { skuId: red.id, quantity: 2 },
      { skuId: blue.id, quantity: 1 },
    ], { note: '请尽快发货' })
    expect(placed).toMatchObject({ state: 'created', totalFen: 2 * 1250 + 990, note: '请尽快发货', address: { name: ADDRESS.name, phone: ADDRESS.phone }, transactionId: null, confirmReceiptVia: 'merchant', roomId: null })
    expect(placed.items).toEqual([
      { skuId: red.id, goodsId: goods.id, title: '测试商品', specText: '红', image: 'https://img.example/g.jpg', unitPriceFen: 1250, quantity: 2, subtotalFen: 2500 },
      { skuId: blue.id, goodsId: goods.id, title: '测试商品', specText: '蓝', image: 'https://img.example/g.jpg', unitPriceFen: 990, quantity: 1, subtotalFen: 990 },
    ])
    expect(placed.payDeadline - placed.createdAt).toBe(15 * 60)
    expect([await skuStock(server, goods.id, red.id), await skuStock(server, goods.id, blue.id)]).toEqual([3, 2])

    // A later price change does not touch the order.
    await server.request({ method: 'PUT', url: `/api/goods/${goods.id}/skus`, headers: bearer(admin), payload: { specs: goods.specs, skus: goods.skus.map((s) => ({ id: s.id, specValues: s.specValues, priceFen: 1, stock: 3 })) } })
    expect((await getOrder(server, shopper, placed.id)).items[0]?.unitPriceFen).toBe(1250)

    // Another shopper cannot read it.
    const other = await server.signIn('orders-peeker')
    expect((await server.request({ method: 'GET', url: `/api/orders/${placed.id}`, headers: bearer(other) })).statusCode).toBe(404)

    // Goods with orders are taken off sale, not deleted: the orders keep naming its SKUs.
    const remove = await server.request({ method: 'DELETE', url: `/api/goods/${goods.id}`, headers: bearer(admin) })
    expect([remove.statusCode, remove.json()]).toEqual([409, expect.objectContaining({ error: 'goods_ordered', field: 'id' })])
  })

  it('200 concurrent orders for a SKU with stock 10 reserve exactly 10; stock never goes below 0', async () => {
    const goods = await goodsWithSkus(server, admin, [{ value: '限量', priceFen: 100, stock: 10 }])
    const sku = goods.skus[0]
    if (sku === undefined) throw new Error('SKU missing')
    const buyers = await Promise.all(Array.from({ length: 20 }, (_, i) => server.signIn(`racer-${i}`)))
    const addresses = await Promise.all(buyers.map((b) => addressOf(server, b)))
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const buyer = i % buyers.length
        return server.request({ method: 'POST', url: '/api/orders', headers: bearer(buyers[buyer] as LoginResponse), payload: { items: [{ skuId: sku.id, quantity: 1 }], addressId: addresses[buyer]?.id } })
      }),
    )
    const statuses = answers.map((a) => a.statusCode)
    expect({ created: statuses.filter((s) => s === 201).length, soldOut: statuses.filter((s) => s === 409).length, other: statuses.filter((s) => s !== 201 && s !== 409) }).toEqual({ created: 10, soldOut: 190, other: [] })
    expect(answers.find((a) => a.statusCode === 409)?.json()).toMatchObject({ error: 'sold_out', field: 'quantity' })
    expect(await skuStock(server, goods.id, sku.id)).toBe(0)
    const reserved = await server.handles.database.db.selectFrom('order_items').select('quantity').where('sku_id', '=', sku.id).execute()
    expect(reserved.reduce((n, r) => n + Number(r.quantity), 0)).toBe(10)
  })

  it('enforces the per-order limit, sold-out SKUs, retired SKUs and goods off sale', async () => {
    const goods = await goodsWithSkus(server, admin, [
      { value: '限购', priceFen: 100, stock: 10, limitPerOrder: 2 },
      { value: '售罄', priceFen: 100, stock: 0 },
    ])
    const [limited, soldOut] = goods.skus
    if (limited === undefined || soldOut === undefined) throw new Error('SKUs missing')
    const address = await addressOf(server, shopper)
    const order = (items: { skuId: string; quantity: number }[]) => server.request({ method: 'POST', url: '/api/orders', headers: bearer(shopper), payload: { items, addressId: address.id } })
    const over = await order([{ skuId: limited.id, quantity: 3 }])
    expect([over.statusCode, over.json()]).toEqual([409, expect.objectContaining({ error: 'over_limit', field: 'quantity' })])
    expect((await order([{ skuId: limited.id, quantity: 2 }])).statusCode).toBe(201)
    const none = await order([{ skuId: soldOut.id, quantity: 1 }])
    expect([none.statusCode, none.json()]).toEqual([409, expect.objectContaining({ error: 'sold_out', field: 'quantity' })])
    // Nothing is reserved when one item of the order cannot be had.
    const mixed = await order([{ skuId: limited.id, quantity: 1 }, { skuId: soldOut.id, quantity: 1 }])
    expect(mixed.statusCode).toBe(409)
    expect(await skuStock(server, goods.id, limited.id)).toBe(8)

    await server.request({ method: 'PUT', url: `/api/goods/${goods.id}/skus`, headers: bearer(admin), payload: { specs: [{ name: '款式', values: ['限购'] }], skus: [{ id: limited.id, specValues: ['限购'], priceFen: 100, stock: 8 }] } })
    const retired = await order([{ skuId: soldOut.id, quantity: 1 }])
    expect([retired.statusCode, retired.json()]).toEqual([409, expect.objectContaining({ error: 'sku_retired', field: 'skuId' })])
    await server.request({ method: 'PATCH', url: `/api/goods/${goods.id}`, headers: bearer(admin), payload: { status: 'off_sale' } })
    const offSale = await order([{ skuId: limited.id, quantity: 1 }])
    expect([offSale.statusCode, offSale.json()]).toEqual([409, expect.objectContaining({ error: 'goods_not_on_sale', field: 'skuId' })])
  })

  it('answers a retried submit (same requestId) with the same order, even when the retries race', async () => {
    const goods = await goodsWithSkus(server, admin)
    const sku = goods.skus[0]
    if (sku === undefined) throw new Error('SKU missing')
    const address = await addressOf(server, shopper)
    const payload = { items: [{ skuId: sku.id, quantity: 1 }], addressId: address.id, requestId: 'req-idempotent-1' }
    const answers = await Promise.all(Array.from({ length: 5 }, () => server.request({ method: 'POST', url: '/api/orders', headers: bearer(shopper), payload })))
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201, 201])
    expect(new Set(answers.map((a) => a.json<OrderResponse>().order.id)).size).toBe(1)
    expect(await skuStock(server, goods.id, sku.id)).toBe(9)
    // Another shopper's identical requestId is their own order.
    const other = await server.signIn('orders-same-request')
    const otherAddress = await addressOf(server, other)
    const theirs = await server.request({ method: 'POST', url: '/api/orders', headers: bearer(other), payload: { ...payload, addressId: otherAddress.id } })
    expect(theirs.json<OrderResponse>().order.id).not.toBe(answers[0]?.json<OrderResponse>().order.id)
  })

  it('closes an unpaid order when its time to pay runs out and returns the stock', async () => {
    const goods = await goodsWithSkus(server, admin)
    const sku = goods.skus[0]
    if (sku === undefined) throw new Error('SKU missing')
    const unpaid = await placeOrder(server, shopper, [{ skuId: sku.id, quantity: 3 }])
    const prepaid = await placeOrder(server, shopper, [{ skuId: sku.id, quantity: 2 }])
    await startPayment(server, shopper, prepaid.id)
    expect(await skuStock(server, goods.id, sku.id)).toBe(5)

    server.clock.advanceSeconds(14 * 60)
    await server.handles.buying.sweeper.sweepOnce()
    expect((await getOrder(server, shopper, unpaid.id)).state).toBe('created')

    server.clock.advanceSeconds(61)
    const report = await server.handles.buying.sweeper.sweepOnce()
    expect(report.closed).toBeGreaterThanOrEqual(2)
    const closed = await getOrder(server, shopper, unpaid.id)
    expect(closed).toMatchObject({ state: 'closed', closedAt: closed.payDeadline + 1 })
    expect((await getOrder(server, shopper, prepaid.id)).state).toBe('closed')
    expect(await skuStock(server, goods.id, sku.id)).toBe(10)
    // Closed at the payment provider too: it can no longer be paid.
    expect((await server.handles.buying.gateway.query(prepaid.id)).tradeState).toBe('CLOSED')
    const pay = await server.request({ method: 'POST', url: `/api/orders/${prepaid.id}/payment`, headers: bearer(shopper) })
    expect(pay.statusCode).toBe(409)
  })

  it('cancels an unpaid order (stock back, closed at the provider); a paid one cannot be cancelled', async () => {
    const goods = await goodsWithSkus(server, admin)
    const sku = goods.skus[0]
    if (sku === undefined) throw new Error('SKU missing')
    const order = await placeOrder(server, shopper, [{ skuId: sku.id, quantity: 4 }])
    await startPayment(server, shopper, order.id)
    const cancelled = await server.request({ method: 'POST', url: `/api/orders/${order.id}/cancel`, headers: bearer(shopper) })
    expect(cancelled.json<OrderResponse>().order.state).toBe('closed')
    expect(await skuStock(server, goods.id, sku.id)).toBe(10)
    expect((await server.handles.buying.gateway.query(order.id)).tradeState).toBe('CLOSED')
    const twice = await server.request({ method: 'POST', url: `/api/orders/${order.id}/cancel`, headers: bearer(shopper) })
    expect([twice.statusCode, twice.json()]).toEqual([409, expect.objectContaining({ error: 'not_cancellable' })])
    expect(await skuStock(server, goods.id, sku.id)).toBe(10)

    const paid = await payOrder(server, shopper, (await placeOrder(server, shopper, [{ skuId: sku.id, quantity: 1 }])).id)
    expect((await server.request({ method: 'POST', url: `/api/orders/${paid.id}/cancel`, headers: bearer(shopper) })).statusCode).toBe(409)
  })

  it('ships a paid order and lets the shopper confirm receipt once; lists by tab and for the console', async () => {
    const goods = await goodsWithSkus(server, admin)
    const sku = goods.skus[0]
    if (sku === undefined) throw new Error('SKU missing')
    const anchor = await server.signIn('orders-anchor', 'anchor')
    const room = (await server.request({ method: 'POST', url: '/api/rooms', headers: bearer(admin), payload: { title: '直播', anchorUserId: anchor.user.id, scheduledStart: 1_795_400_000 } })).json<{ room: Room }>().room
    const buyer = await server.signIn('orders-receiver')
    const order = await payOrder(server, buyer, (await placeOrder(server, buyer, [{ skuId: sku.id, quantity: 1 }], { roomId: room.id })).id)
    expect(order).toMatchObject({ roomId: room.id, transactionId: expect.any(String), paidAt: expect.any(Number) })
    const early = await server.request({ method: 'POST', url: `/api/orders/${order.id}/confirm-receipt`, headers: bearer(buyer) })
    expect(early.statusCode).toBe(409)

    const shopperShips = await server.request({ method: 'POST', url: `/api/orders/${order.id}/ship`, headers: bearer(buyer), payload: { expressCompany: 'SF', trackingNo: 'SF123' } })
    expect(shopperShips.statusCode).toBe(403)
    const shipped = await server.request({ method: 'POST', url: `/api/orders/${order.id}/ship`, headers: bearer(admin), payload: { expressCompany: 'SF', trackingNo: 'SF123' } })
    expect(shipped.json<OrderResponse>().order).toMatchObject({ state: 'shipped', shipment: { expressCompany: 'SF', trackingNo: 'SF123' } })
    expect((await server.request({ method: 'POST', url: `/api/orders/${order.id}/ship`, headers: bearer(admin), payload: { expressCompany: 'SF', trackingNo: 'SF124' } })).statusCode).toBe(409)

    const tab = (state: string) => server.request({ method: 'GET', url: `/api/orders?state=${state}`, headers: bearer(buyer) }).then((r) => r.json<OrderListResponse>().orders.map((o: Order) => o.id))
    expect(await tab('shipped')).toEqual([order.id])
    expect(await tab('paid')).toEqual([])

    const confirms = await Promise.all([1, 2, 3].map(() => server.request({ method: 'POST', url: `/api/orders/${order.id}/confirm-receipt`, headers: bearer(buyer) })))
    expect(confirms.map((c) => c.statusCode).sort()).toEqual([200, 409, 409])
    expect((await getOrder(server, buyer, order.id)).state).toBe('completed')
    expect(await tab('completed')).toEqual([order.id])

    const console = await server.request({ method: 'GET', url: `/api/admin/orders?roomId=${room.id}&state=completed`, headers: bearer(admin) })
    expect(console.json<OrderListResponse>()).toMatchObject({ total: 1, orders: [{ id: order.id }] })
    expect((await server.request({ method: 'GET', url: '/api/admin/orders', headers: bearer(buyer) })).statusCode).toBe(403)
    const window = await server.request({ method: 'GET', url: `/api/admin/orders?roomId=${room.id}&from=${order.createdAt + 1}`, headers: bearer(admin) })
    expect(window.json<OrderListResponse>().total).toBe(0)
  })
})
