/**
 * 我的订单 and the order page: the ORDER_TABS lists, pay again before payDeadline with the
 * countdown, cancel an unpaid order, confirm receipt (our button, or WeChat's view for a
 * trade-managed account) and ask for a refund, then follow its progress.
 */
import { openPage } from '../../helpers/load-page'
import { freshPageFakes } from '../../helpers/page-fakes'
import type { FakeServer } from '../../fakes/server-api'
import type { ShopServer } from '../../fakes/shop-server'
import { wxLedger } from '../../fakes/wx'
import { wxShopper } from '../../fakes/wx-shopper'
import { orderClock } from '../../../miniprogram/shop/core/timing'
import { orderListStore } from '../../../miniprogram/shop/stores/order-list'
import { ORDER_TABS } from '../../../miniprogram/contract/order-rules'
import { settle, text, useShop, waitFor } from '../../helpers/shop'
import type { SimPage } from '../../helpers/live'

let server: FakeServer
let shop: ShopServer
const pages: SimPage[] = []

beforeEach(() => {
  server = freshPageFakes()
  shop = useShop(server)
  orderClock.now = () => shop.now
  ;(getCurrentPages as jest.Mock).mockImplementation(() => [{ route: 'pages/goods/index' }, { route: 'shop/orders/index' }])
})

afterEach(() => {
  for (const p of pages.splice(0)) {
    ;(p.instance as unknown as { onUnload?: () => void }).onUnload?.()
    p.detach()
  }
})

/** Opens a page as WeChat does: onLoad, then onShow. */
function open(path: string, query: Record<string, string> = {}): SimPage {
  const p = openPage(path, query)
  ;(p.instance as unknown as { onShow?: () => void }).onShow?.()
  pages.push(p)
  return p
}

function tap(p: SimPage, selector: string, event = 'click'): void {
  const node = p.querySelector(selector)
  if (!node) throw new Error(`${selector} is not on the page; it shows "${text(p)}"`)
  node.dispatchEvent(event)
}

/** Taps the node under `selector` whose text is `label`. */
function tapText(p: SimPage, selector: string, label: string): void {
  const nodes = p.querySelectorAll(selector)
  const node = nodes.find((n) => (n.dom?.textContent ?? '').trim() === label)
  if (!node) throw new Error(`no ${selector} reading ${label}; found ${JSON.stringify(nodes.map((n) => n.dom?.textContent))}`)
  node.dispatchEvent('tap')
}

async function openDetail(orderId: string): Promise<SimPage> {
  const p = open('shop/order-detail/index', { orderId })
  await waitFor(p, () => (p.data as unknown as { state: string }).state !== 'loading', 'the order loading')
  return p
}

/** Each order card as "title meta state". */
function cardTitles(p: SimPage): string[] {
  const read = (sel: string): string[] => p.querySelectorAll(sel).map((n) => (n.dom?.textContent ?? '').replace(/\s+/g, ' ').trim())
  const titles = read('.order-card__title')
  const metas = read('.order-card__meta')
  const states = read('.order-card__state')
  return titles.map((t, i) => `${t} ${metas[i]} ${states[i]}`)
}

describe('我的订单', () => {
  it('shows the ORDER_TABS, 待付款 first, and each tab from the server', async () => {
    const unpaid = shop.seedOrder(server.userId, 'soap-sku1', 1)
    const paid = shop.seedOrder(server.userId, 'scarf-sku2', 2)
    shop.notifyPaid(paid.id)
    const p = open('shop/orders/index')
    await waitFor(p, () => cardTitles(p).length > 0, 'the first tab')
    expect(p.querySelectorAll('.orders__tab').map((n) => n.dom?.textContent)).toEqual(ORDER_TABS.map((t) => t.label))
    expect(cardTitles(p)).toEqual(['商品 soap 共 1 件 实付 ¥15.00 待付款'])
    tapText(p, '.orders__tab', '待发货')
    await waitFor(p, () => cardTitles(p)[0]?.includes('scarf') === true, 'the 待发货 tab')
    expect(cardTitles(p)).toEqual(['商品 scarf 共 2 件 实付 ¥39.80 待发货'])
    const lists = server.requests.filter((r) => r.method === 'GET' && r.path === '/api/orders').map((r) => r.query)
    expect(lists).toEqual([
      { state: 'created', offset: '0', limit: '20' },
      { state: 'paid', offset: '0', limit: '20' },
    ])
    expect(unpaid.state).toBe('created')
  })

  it('says when a tab is empty, and opens an order on tap', async () => {
    const p = open('shop/orders/index', { tab: 'completed' })
    await waitFor(p, () => text(p).includes('这里还没有订单'), 'the empty tab')
    const order = shop.seedOrder(server.userId, 'soap-sku1')
    tapText(p, '.orders__tab', '待付款')
    await waitFor(p, () => cardTitles(p).length === 1, 'the 待付款 tab')
    wxLedger.clear()
    tap(p, '.order-card', 'tap')
    await settle()
    expect(wxLedger.of('navigateTo').map((c) => (c.args[0] as { url: string }).url)).toEqual([`/shop/order-detail/index?orderId=${order.id}`])
  })
})

describe('order page', () => {
  it('counts down to payDeadline and pays again through the simulator', async () => {
    const order = shop.seedOrder(server.userId, 'soap-sku1')
    orderClock.now = () => shop.now + 61
    const p = await openDetail(order.id)
    expect(text(p)).toContain('剩余 13:59 支付')
    expect(text(p)).toContain('李四 13900139000')
    expect(text(p)).toContain('实付 ¥15.00')
    wxLedger.clear()
    tap(p, '.order__pay')
    await waitFor(p, () => wxLedger.of('navigateTo').length > 0, 'the result page')
    expect(wxLedger.names().filter((n) => ['showModal', 'navigateTo'].includes(n))).toEqual(['showModal', 'navigateTo'])
    expect((wxLedger.of('navigateTo')[0]?.args[0] as { url: string }).url).toBe(`/shop/result/index?orderId=${order.id}&outcome=paid`)
  })

  it('offers no payment once payDeadline has passed', async () => {
    const order = shop.seedOrder(server.userId, 'soap-sku1')
    orderClock.now = () => order.payDeadline + 1
    const p = await openDetail(order.id)
    expect(p.querySelector('.order__pay')).toBeFalsy()
    expect(text(p)).toContain('支付时限已过')
  })

  it('cancels an unpaid order after the shopper confirms, and the list drops it from 待付款', async () => {
    const order = shop.seedOrder(server.userId, 'soap-sku1')
    const list = open('shop/orders/index')
    await waitFor(list, () => cardTitles(list).length === 1, 'the list')
    const p = await openDetail(order.id)
    tap(p, '.order__cancel')
    await waitFor(p, () => text(p).includes('已关闭'), 'the cancelled order')
    expect(wxLedger.of('showModal').map((c) => (c.args[0] as { title: string }).title)).toEqual(['取消订单'])
    expect(shop.orders.get(order.id)?.state).toBe('closed')
    expect(orderListStore.orders.map((o) => o.id)).toEqual([])
  })

  it('keeps the order when the shopper does not confirm the cancel', async () => {
    const order = shop.seedOrder(server.userId, 'soap-sku1')
    wxShopper.modal = false
    const p = await openDetail(order.id)
    tap(p, '.order__cancel')
    await settle(10)
    expect(server.paths()).not.toContain(`POST /api/orders/${order.id}/cancel`)
    expect(text(p)).toContain('待付款')
  })

  it('confirms receipt with our own button where the account is not trade-managed', async () => {
    const order = shop.seedOrder(server.userId, 'soap-sku1')
    shop.notifyPaid(order.id)
    shop.ship(order.id)
    const p = await openDetail(order.id)
    expect(text(p)).toContain('SF SF1234567890')
    tap(p, '.order__confirm')
    await waitFor(p, () => text(p).includes('已完成'), 'the completed order')
    expect(wxLedger.of('openBusinessView')).toHaveLength(0)
    expect(wxLedger.of('showModal').map((c) => (c.args[0] as { title: string }).title)).toEqual(['确认收货'])
  })

  it("confirms receipt through WeChat's weappOrderConfirm view, then tells the server", async () => {
    shop.confirmReceiptVia = 'wechat'
    const order = shop.seedOrder(server.userId, 'soap-sku1')
    shop.notifyPaid(order.id)
    shop.ship(order.id)
    const p = await openDetail(order.id)
    tap(p, '.order__confirm')
    await waitFor(p, () => text(p).includes('已完成'), 'the completed order')
    expect(wxLedger.of('openBusinessView').map((c) => c.args[0])).toEqual([
      expect.objectContaining({ businessType: 'weappOrderConfirm', extraData: { transaction_id: `4200000${order.id}` } }),
    ])
    expect(wxLedger.of('showModal')).toHaveLength(0)
    const confirm = wxLedger.calls.findIndex((c) => c.api === 'request' && String((c.args[0] as { url: string }).url).endsWith('/confirm-receipt'))
    expect(confirm).toBeGreaterThan(wxLedger.calls.findIndex((c) => c.api === 'openBusinessView'))
  })

  it('asks for a refund with a reason and shows its progress', async () => {
    const order = shop.seedOrder(server.userId, 'soap-sku1', 2)
    shop.notifyPaid(order.id)
    const p = await openDetail(order.id)
    wxLedger.clear()
    tap(p, '.order__refund-button')
    await settle()
    expect((wxLedger.of('navigateTo')[0]?.args[0] as { url: string }).url).toBe(`/shop/refund/index?orderId=${order.id}`)
    const refund = open('shop/refund/index', { orderId: order.id })
    await waitFor(refund, () => text(refund).includes('退款金额 ¥30.00'), 'the refund page')
    tap(refund, '.refund__submit')
    await settle()
    expect(text(refund)).toContain('请选择或填写退款原因')
    tapText(refund, '.refund__reason', '商品质量问题')
    await settle()
    tap(refund, '.refund__submit')
    await waitFor(refund, () => wxLedger.of('navigateBack').length === 1, 'going back to the order')
    const sent = server.requests.filter((r) => r.path === `/api/orders/${order.id}/refunds`)
    expect(sent.map((r) => r.body)).toEqual([{ reason: '商品质量问题' }])
    ;(p.instance as unknown as { onShow(): void }).onShow()
    await waitFor(p, () => text(p).includes('退款进度'), 'the refund progress')
    expect(text(p)).toContain('退款中')
    expect(text(p)).toContain('待商家处理 ¥30.00')
    expect(text(p)).toContain('原因：商品质量问题')
    expect(p.querySelector('.order__refund-button')).toBeFalsy()
  })

  it("shows the server's refusal of a refund and keeps the reason", async () => {
    const order = shop.seedOrder(server.userId, 'soap-sku1')
    shop.notifyPaid(order.id)
    server.failures.set(`POST /api/orders/${order.id}/refunds`, { status: 409, body: { error: 'refund_open', message: '已有退款在处理中', field: 'state' } })
    const refund = open('shop/refund/index', { orderId: order.id })
    await waitFor(refund, () => text(refund).includes('退款金额'), 'the refund page')
    tapText(refund, '.refund__reason', '不想要了')
    await settle()
    tap(refund, '.refund__submit')
    await waitFor(refund, () => text(refund).includes('已有退款在处理中'), 'the refusal')
    expect((refund.data as unknown as { reason: string }).reason).toBe('不想要了')
    expect(wxLedger.of('navigateBack')).toHaveLength(0)
  })
})
