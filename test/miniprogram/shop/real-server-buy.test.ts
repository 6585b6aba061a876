/**
 * Buying from the real mini-program pages against the real merchant server (dev mode, demo seed,
 * pay simulator): the page code and the server must agree on every route, body and shape, and
 * what the pages show afterwards is what the server holds.
 */
import { config } from '../../../miniprogram/config'
import type { GoodsDetailResponse, GoodsListResponse } from '../../../miniprogram/core/api-types'
import type { OrderListResponse } from '../../../miniprogram/contract/order-schemas'
import { apiRetry } from '../../../miniprogram/services/api'
import { resultPolling } from '../../../miniprogram/shop/core/timing'
import { wxLedger } from '../../fakes/wx'
import { wxShopper } from '../../fakes/wx-shopper'
import type { SimPage } from '../../helpers/live'
import { openPage } from '../../helpers/load-page'
import { startRealServer, type RealServer } from '../../helpers/real-server'
import { pick, popupData, popupText, settle, text } from '../../helpers/shop'

let real: RealServer
let page: SimPage | undefined
const settings = config as { devLoginCode: string }

beforeAll(async () => {
  real = await startRealServer()
})

afterAll(async () => {
  await real.stop()
})

beforeEach(() => {
  real.requests.splice(0)
  apiRetry.delaysMs = [0, 0]
  resultPolling.delaysMs = [0, 0, 0]
  wxLedger.clear()
  wxShopper.reset()
  getApp<IAppOption>().globalData.sessionToken = undefined
  ;(getCurrentPages as jest.Mock).mockImplementation(() => [{ route: 'pages/goods/index' }, { route: 'pages/goods-detail/index' }])
})

const extra: SimPage[] = []

afterEach(() => {
  settings.devLoginCode = ''
  page?.detach()
  page = undefined
  for (const p of extra.splice(0)) {
    ;(p.instance as unknown as { onUnload?: () => void }).onUnload?.()
    p.detach()
  }
})

/** Opens a page as WeChat does (onLoad, then onShow) and detaches it after the test. */
function open(path: string, query: Record<string, string>): SimPage {
  const p = openPage(path, query)
  ;(p.instance as unknown as { onShow?: () => void }).onShow?.()
  extra.push(p)
  return p
}

function tap(p: SimPage, selector: string, event = 'click'): void {
  const node = p.querySelector(selector)
  if (!node) throw new Error(`${selector} is not on the page; it shows "${text(p)}"`)
  node.dispatchEvent(event)
}

async function orderState(orderId: string): Promise<string | undefined> {
  const token = getApp<IAppOption>().globalData.sessionToken
  const res = await real.call<{ order?: { state?: string } }>('GET', `/api/orders/${orderId}`, undefined, token)
  return res.data.order?.state
}

/** Waits on the server's answers (not on wall time) until `done`, naming what never happened. */
async function until(p: SimPage, done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) {
    await real.idle()
    await settle(4)
  }
  if (!done()) throw new Error(`${what} never happened; the page shows: "${text(p)}"; requests: ${JSON.stringify(real.requests.map((r) => `${r.method} ${r.path} ${r.statusCode}`))}`)
}

async function tapPopup(p: SimPage, selector: string, event = 'click'): Promise<void> {
  const node = p.querySelector(`#buy >>> ${selector}`)
  if (!node) throw new Error(`${selector} is not in the buy popup; it shows: "${popupText(p)}"`)
  node.dispatchEvent(event)
  await real.idle()
  await settle(10)
}

async function demoTee(): Promise<GoodsDetailResponse['goods']> {
  const list = await real.call<GoodsListResponse>('GET', '/api/goods')
  const tee = list.data.goods.find((g) => g.title === '咖啡主题 T 恤')
  if (!tee) throw new Error(`the demo seed has no T 恤; GET /api/goods answered ${JSON.stringify(list.data)}`)
  return (await real.call<GoodsDetailResponse>('GET', `/api/goods/${tee.id}`)).data.goods
}

function navigations(): string[] {
  return wxLedger.of('navigateTo').map((c) => (c.args[0] as { url: string }).url)
}

/** Goods detail → 立即购买 → 白色 / L (limit 2) → 2 pieces → address → 提交订单 → 模拟支付. */
async function buyTee(shopper: string, answerPay: boolean): Promise<{ orderId: string; skuId: string; stockBefore: number }> {
  settings.devLoginCode = `dev:${shopper}`
  const tee = await demoTee()
  const sku = tee.skus.find((s) => s.specValues.join('/') === '白色/L')!
  const p = openPage('pages/goods-detail/index', { goodsId: tee.id })
  page = p
  await until(p, () => (p.data as unknown as { state: string }).state === 'ready', 'the goods page loading')
  p.querySelector('.goods-detail__buy')!.dispatchEvent('tap')
  await until(p, () => popupData(p).step === 'spec', 'the spec step')
  await pick(p, '白色')
  await pick(p, 'L')
  await tapPopup(p, '.buy-popup__plus', 'tap')
  expect(popupData(p).choice?.quantity).toBe(2)
  await tapPopup(p, '.buy-popup__next')
  await until(p, () => popupData(p).step === 'confirm', 'the confirmation step')
  wxShopper.modal = answerPay
  await tapPopup(p, '.buy-popup__address', 'tap')
  await until(p, () => popupText(p).includes('张三 13800138000'), 'the chosen address showing')
  await tapPopup(p, '.buy-popup__submit')
  await until(p, () => navigations().length > 0, 'the result page opening')
  const created = real.requests.find((r) => r.method === 'POST' && r.path === '/api/orders')
  const orderId = (created?.data as { order?: { id?: string } } | undefined)?.order?.id
  if (created?.statusCode !== 200 && created?.statusCode !== 201) throw new Error(`POST /api/orders answered ${JSON.stringify(created)}`)
  if (!orderId) throw new Error(`POST /api/orders gave no order id: ${JSON.stringify(created.data)}`)
  return { orderId, skuId: sku.id, stockBefore: sku.stock }
}

describe('buying from the mini-program against the real server (dev mode, pay simulator)', () => {
  it('signs in with the dev code, orders a spec, pays in 模拟支付, and the pages show what the server holds', async () => {
    const { orderId, skuId, stockBefore } = await buyTee('e2e-shopper-1', true)
    expect(real.requests[0]).toMatchObject({ method: 'POST', path: '/api/auth/login', body: { code: 'dev:e2e-shopper-1' }, statusCode: 200 })
    expect(wxLedger.of('login')).toHaveLength(0)
    expect(wxLedger.of('showModal').map((c) => (c.args[0] as { title: string }).title)).toEqual(['模拟支付'])
    expect(navigations()).toEqual([`/shop/result/index?orderId=${orderId}&outcome=paid`])
    expect(real.requests.filter((r) => r.statusCode >= 400).map((r) => `${r.method} ${r.path} ${r.statusCode} ${JSON.stringify(r.data)}`)).toEqual([])

    const after = (await demoTee()).skus.find((s) => s.id === skuId)
    expect(after?.stock).toBe(stockBefore - 2)

    page?.detach()
    const result = openPage('shop/result/index', { orderId, outcome: 'paid' })
    page = result
    await until(result, () => text(result).includes('支付成功'), 'the result page reading the paid order from the server')

    result.detach()
    ;(getCurrentPages as jest.Mock).mockImplementation(() => [{ route: 'pages/goods/index' }, { route: 'shop/orders/index' }])
    const orders = openPage('shop/orders/index', { tab: 'paid' })
    page = orders
    await until(orders, () => text(orders).includes('咖啡主题 T 恤'), '我的订单 listing the order under 待发货')
    expect(real.requests.at(-1)?.path).toMatch(/^\/api\/orders\?state=paid&/)
    const listed = real.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/api/orders?'))
    expect(listed.at(-1)?.statusCode).toBe(200)
    expect((listed.at(-1)?.data as OrderListResponse).orders.map((o) => o.id)).toContain(orderId)
  })

  it('取消 in 模拟支付 leaves the order 待付款 on the server, and paying again from the order page pays it', async () => {
    const { orderId } = await buyTee('e2e-shopper-2', false)
    expect(navigations()).toEqual([`/shop/result/index?orderId=${orderId}&outcome=cancelled`])
    expect(await orderState(orderId)).toBe('created')
    page?.detach()
    page = undefined
    ;(getCurrentPages as jest.Mock).mockImplementation(() => [{ route: 'shop/orders/index' }, { route: 'shop/order-detail/index' }])
    const detail = open('shop/order-detail/index', { orderId })
    await until(detail, () => text(detail).includes('待付款'), 'the order page showing 待付款')
    wxLedger.clear()
    wxShopper.modal = true
    tap(detail, '.order__pay')
    await until(detail, () => wxLedger.of('navigateTo').length > 0, 'the result page after paying again')
    expect((wxLedger.of('navigateTo')[0]?.args[0] as { url: string }).url).toBe(`/shop/result/index?orderId=${orderId}&outcome=paid`)
    expect(await orderState(orderId)).toBe('paid')
  })

  it('asks for a refund of a paid order and shows the server\'s refund progress', async () => {
    const { orderId } = await buyTee('e2e-shopper-3', true)
    page?.detach()
    page = undefined
    ;(getCurrentPages as jest.Mock).mockImplementation(() => [{ route: 'shop/orders/index' }, { route: 'shop/order-detail/index' }])
    const detail = open('shop/order-detail/index', { orderId })
    await until(detail, () => detail.querySelector('.order__refund-button') !== undefined && detail.querySelector('.order__refund-button') !== null, 'the order page offering 申请退款')
    const refund = open('shop/refund/index', { orderId })
    await until(refund, () => text(refund).includes('退款金额 ¥178.00'), 'the refund page with the paid amount')
    const reason = refund.querySelectorAll('.refund__reason').find((n) => (n.dom?.textContent ?? '').trim() === '商品质量问题')
    if (!reason) throw new Error(`no 商品质量问题 reason; the refund page shows "${text(refund)}"`)
    reason.dispatchEvent('tap')
    await settle()
    tap(refund, '.refund__submit')
    await until(refund, () => wxLedger.of('navigateBack').length === 1, 'going back to the order')
    const sent = real.requests.filter((r) => r.method === 'POST' && r.path === `/api/orders/${orderId}/refunds`)
    expect(sent.map((r) => [r.body, r.statusCode])).toEqual([[{ reason: '商品质量问题' }, 201]])
    ;(detail.instance as unknown as { onShow(): void }).onShow()
    await until(detail, () => text(detail).includes('退款进度'), 'the refund progress')
    expect(text(detail)).toContain('退款中')
    expect(text(detail)).toContain('待商家处理 ¥178.00')
    expect(await orderState(orderId)).toBe('refunding')
  })

  it('取消订单 on an unpaid order closes it on the server (body {}) and gives its stock back', async () => {
    const { orderId, skuId, stockBefore } = await buyTee('e2e-shopper-4', false)
    page?.detach()
    page = undefined
    ;(getCurrentPages as jest.Mock).mockImplementation(() => [{ route: 'shop/orders/index' }, { route: 'shop/order-detail/index' }])
    const detail = open('shop/order-detail/index', { orderId })
    await until(detail, () => text(detail).includes('待付款'), 'the order page showing 待付款')
    wxShopper.modal = true
    tap(detail, '.order__cancel')
    await until(detail, () => text(detail).includes('已关闭'), 'the cancelled order')
    const sent = real.requests.filter((r) => r.method === 'POST' && r.path === `/api/orders/${orderId}/cancel`)
    expect(sent.map((r) => [r.body, r.statusCode])).toEqual([[{}, 200]])
    expect(await orderState(orderId)).toBe('closed')
    expect((await demoTee()).skus.find((s) => s.id === skuId)?.stock).toBe(stockBefore)
  })
})
