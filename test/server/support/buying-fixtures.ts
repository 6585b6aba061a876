/** What the buying suites share: goods with SKUs, a shopper's address, an order placed and paid. */
import type { GoodsDetail, GoodsDetailResponse } from '../../../miniprogram/contract/goods-schemas'
import type { Address, Order, OrderResponse, PaymentParams } from '../../../miniprogram/contract/order-schemas'
import type { LoginResponse } from '../../../miniprogram/core/api-types'
import { SimulatorGateway } from '../../../server/src/payments/simulator-gateway'
import { bearer, type TestServer } from './test-server'

export const ADDRESS = { name: '张三', phone: '13800001234', province: '广东省', city: '深圳市', district: '南山区', detail: '科技园 1 号', postalCode: '518000' }

/** An on-sale goods; with `skus`, its specs (one dimension 款式) and SKUs replace the default one. */
export async function goodsWithSkus(server: TestServer, admin: LoginResponse, skus?: { value: string; priceFen: number; stock: number; limitPerOrder?: number }[]): Promise<GoodsDetail> {
  const created = await server.request({ method: 'POST', url: '/api/goods', headers: bearer(admin), payload: { title: '测试商品', images: ['https://img.example/g.jpg'], priceFen: 1000, stock: 10, status: 'on_sale' } })
  expect(created.statusCode).toBe(201)
  const goods = created.json<GoodsDetailResponse>().goods
  if (skus === undefined) return goods
  const put = await server.request({
    method: 'PUT',
    url: `/api/goods/${goods.id}/skus`,
    headers: bearer(admin),
    payload: { specs: [{ name: '款式', values: skus.map((s) => s.value) }], skus: skus.map((s) => ({ specValues: [s.value], priceFen: s.priceFen, stock: s.stock, ...(s.limitPerOrder === undefined ? {} : { limitPerOrder: s.limitPerOrder }) })) },
  })
  expect(put.statusCode).toBe(200)
  return put.json<GoodsDetailResponse>().goods
}

export async function addressOf(server: TestServer, shopper: LoginResponse, over: Partial<typeof ADDRESS> = {}): Promise<Address> {
  const res = await server.request({ method: 'POST', url: '/api/addresses', headers: bearer(shopper), payload: { ...ADDRESS, ...over } })
  expect([200, 201]).toContain(res.statusCode)
  return res.json<{ address: Address }>().address
}

export async function placeOrder(server: TestServer, shopper: LoginResponse, items: { skuId: string; quantity: number }[], extra: Record<string, unknown> = {}): Promise<Order> {
  const address = await addressOf(server, shopper)
  const res = await server.request({ method: 'POST', url: '/api/orders', headers: bearer(shopper), payload: { items, addressId: address.id, ...extra } })
  if (res.statusCode !== 201) throw new Error(`order not placed: ${res.statusCode} ${res.body}`)
  return res.json<OrderResponse>().order
}

export async function startPayment(server: TestServer, shopper: LoginResponse, orderId: string): Promise<PaymentParams> {
  const res = await server.request({ method: 'POST', url: `/api/orders/${orderId}/payment`, headers: bearer(shopper) })
  if (res.statusCode !== 200) throw new Error(`payment not started: ${res.statusCode} ${res.body}`)
  return res.json<PaymentParams>()
}

/** Prepay, then the simulator's "paid" through the dev route. */
export async function payOrder(server: TestServer, shopper: LoginResponse, orderId: string): Promise<Order> {
  await startPayment(server, shopper, orderId)
  const res = await server.request({ method: 'POST', url: `/api/dev/payments/${orderId}/simulate`, headers: bearer(shopper), payload: { result: 'success' } })
  if (res.statusCode !== 200) throw new Error(`simulated payment failed: ${res.statusCode} ${res.body}`)
  const order = res.json<OrderResponse>().order
  expect(order.state).toBe('paid')
  return order
}

export async function getOrder(server: TestServer, login: LoginResponse, orderId: string): Promise<Order> {
  const res = await server.request({ method: 'GET', url: `/api/orders/${orderId}`, headers: bearer(login) })
  if (res.statusCode !== 200) throw new Error(`order not read: ${res.statusCode} ${res.body}`)
  return res.json<OrderResponse>().order
}

export async function skuStock(server: TestServer, goodsId: string, skuId: string): Promise<number | undefined> {
  const rows = await server.handles.goods.skuRows([goodsId])
  const row = rows.find((r) => r.id === skuId)
  return row === undefined ? undefined : Number(row.stock)
}

/** The server's pay simulator (the suites that run without WeChat Pay configured). */
export function simulatorOf(server: TestServer): SimulatorGateway {
  const gateway = server.handles.buying.gateway
  if (!(gateway instanceof SimulatorGateway)) throw new Error(`expected the simulator, got ${gateway.mode}`)
  return gateway
}
