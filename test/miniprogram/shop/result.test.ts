/**
 * The result page asks the server what a payment did: paid, still unconfirmed after a bounded
 * number of re-reads (支付确认中 with 刷新), cancelled or failed (重新支付), and the way back to the
 * live room when one lies underneath.
 */
import { openPage } from '../../helpers/load-page'
import { freshPageFakes } from '../../helpers/page-fakes'
import type { FakeServer } from '../../fakes/server-api'
import type { ShopServer } from '../../fakes/shop-server'
import { wxLedger } from '../../fakes/wx'
import { resultPolling } from '../../../miniprogram/shop/core/timing'
import { settle, text, useShop, waitFor } from '../../helpers/shop'
import type { SimPage } from '../../helpers/live'

let server: FakeServer
let shop: ShopServer
let page: SimPage | undefined

beforeEach(() => {
  server = freshPageFakes()
  shop = useShop(server)
  ;(getCurrentPages as jest.Mock).mockImplementation(() => [{ route: 'pages/goods-detail/index' }, { route: 'shop/result/index' }])
})

afterEach(() => {
  page?.detach()
  page = undefined
})

function view(p: SimPage): string {
  return (p.data as unknown as { view: string }).view
}

async function openResult(query: Record<string, string>): Promise<SimPage> {
  page = openPage('shop/result/index', query)
  await waitFor(page, () => view(page!) !== 'checking', 'the server answering')
  return page
}

function orderReads(orderId: string): number {
  return server.paths().filter((p) => p === `GET /api/orders/${orderId}`).length
}

function tap(p: SimPage, selector: string): void {
  const node = p.querySelector(selector)
  if (!node) throw new Error(`${selector} is not on the result page; it shows "${text(p)}"`)
  node.dispatchEvent('click')
}

describe('payment result page', () => {
  it('shows 支付成功 with the server total once the server has the order paid', async () => {
    const order = shop.seedOrder(server.userId, 'soap-sku1', 2)
    shop.notifyPaid(order.id)
    const p = await openResult({ orderId: order.id, outcome: 'paid' })
    expect(text(p)).toContain('支付成功')
    expect(text(p)).toContain('¥30.00')
    expect(orderReads(order.id)).toBe(1)
  })

  it('re-reads a bounded number of times while the order is still created, then shows 支付确认中 with 刷新', async () => {
    const order = shop.seedOrder(server.userId, 'soap-sku1')
    const p = await openResult({ orderId: order.id, outcome: 'paid' })
    expect(view(p)).toBe('pending')
    expect(text(p)).toContain('支付确认中')
    expect(orderReads(order.id)).toBe(1 + resultPolling.delaysMs.length)
    shop.notifyPaid(order.id)
    tap(p, '.result__refresh')
    await waitFor(p, () => view(p) === 'paid', 'the refreshed answer')
    expect(text(p)).toContain('支付成功')
  })

  it('shows 支付成功 as soon as the notification arrives while it is re-reading', async () => {
    const order = shop.seedOrder(server.userId, 'soap-sku1')
    let reads = 0
    server.extraRoutes.unshift((req) => {
      if (req.path === `/api/orders/${order.id}` && ++reads === 2) shop.notifyPaid(order.id)
      return undefined
    })
    const p = await openResult({ orderId: order.id, outcome: 'paid' })
    expect(view(p)).toBe('paid')
    expect(orderReads(order.id)).toBe(2)
  })

  it('offers 重新支付 after a cancel, and pays through the simulator', async () => {
    const order = shop.seedOrder(server.userId, 'soap-sku1')
    const p = await openResult({ orderId: order.id, outcome: 'cancelled' })
    expect(text(p)).toContain('已取消支付')
    tap(p, '.result__pay')
    await waitFor(p, () => view(p) === 'paid', 'the second payment')
    expect(wxLedger.of('showModal')).toHaveLength(1)
    expect(shop.orders.get(order.id)?.state).toBe('paid')
  })

  it('believes the server over a cancel WeChat reported (some failures and payments arrive as fail cancel)', async () => {
    const order = shop.seedOrder(server.userId, 'soap-sku1')
    shop.notifyPaid(order.id)
    const p = await openResult({ orderId: order.id, outcome: 'cancelled' })
    expect(text(p)).toContain('支付成功')
  })

  it('shows why a payment failed, with 重新支付', async () => {
    const order = shop.seedOrder(server.userId, 'soap-sku1')
    const p = await openResult({ orderId: order.id, outcome: 'failed', message: '支付未完成（system error）' })
    expect(text(p)).toContain('支付失败')
    expect(text(p)).toContain('支付未完成（system error）')
    expect(p.querySelector('.result__pay')).toBeTruthy()
  })

  it('says the order closed when it was not paid in time', async () => {
    const order = shop.seedOrder(server.userId, 'soap-sku1')
    shop.orders.set(order.id, { ...shop.orders.get(order.id)!, state: 'closed' })
    const p = await openResult({ orderId: order.id, outcome: 'paid' })
    expect(text(p)).toContain('订单已关闭')
  })

  it('goes back to the live room the purchase started in with navigateBack, not a new room page', async () => {
    ;(getCurrentPages as jest.Mock).mockImplementation(() => [{ route: 'pages/rooms/index' }, { route: 'live/viewer/index' }, { route: 'shop/result/index' }])
    const order = shop.seedOrder(server.userId, 'soap-sku1')
    shop.notifyPaid(order.id)
    const p = await openResult({ orderId: order.id, outcome: 'paid', room_id: 'r1' })
    wxLedger.clear()
    tap(p, '.result__back')
    await settle()
    expect(wxLedger.calls.map((c) => [c.api, c.args[0]])).toEqual([['navigateBack', expect.objectContaining({ delta: 1 })]])
  })

  it('offers no way back to a room when none lies underneath', async () => {
    const order = shop.seedOrder(server.userId, 'soap-sku1')
    shop.notifyPaid(order.id)
    const p = await openResult({ orderId: order.id, outcome: 'paid', room_id: 'r1' })
    expect(p.querySelector('.result__back')).toBeFalsy()
    expect(text(p)).not.toContain('返回直播间')
  })
})
