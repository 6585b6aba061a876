/**
 * 立即购买 on the goods page: the spec popup (SKU choice, sold-out values, stock and per-order
 * limits), the confirmation (address chosen, cancelled, refused, missing), 提交订单 with one
 * requestId per submission, and payment in its three outcomes, simulator and WeChat Pay.
 */
import { openPage } from '../../helpers/load-page'
import { freshPageFakes } from '../../helpers/page-fakes'
import { type FakeServer } from '../../fakes/server-api'
import type { ShopServer } from '../../fakes/shop-server'
import { wxLedger } from '../../fakes/wx'
import { wxShopper } from '../../fakes/wx-shopper'
import { inPopup, pick, popupData, popupText, quantity, settle, specValues, tapIn, useShop, waitFor, type Node } from '../../helpers/shop'
import type { SimPage } from '../../helpers/live'

let server: FakeServer
let shop: ShopServer
let page: SimPage | undefined

beforeEach(() => {
  server = freshPageFakes()
  shop = useShop(server)
  ;(getCurrentPages as jest.Mock).mockImplementation(() => [{ route: 'pages/goods/index' }, { route: 'pages/goods-detail/index' }])
})

afterEach(() => {
  page?.detach()
  page = undefined
})

async function openBuy(goodsId = 'scarf', roomId = ''): Promise<SimPage> {
  page = openPage('pages/goods-detail/index', roomId ? { goodsId, room_id: roomId } : { goodsId })
  await waitFor(page, () => (page?.data as unknown as { state: string }).state === 'ready', 'the goods page loading')
  page.querySelector('.goods-detail__buy')!.dispatchEvent('tap')
  await waitFor(page, () => popupData(page!).step === 'spec', 'the spec step')
  return page
}

async function toConfirm(p: SimPage): Promise<void> {
  await tapIn(p, '.buy-popup__next', 'click')
  await waitFor(p, () => popupData(p).step === 'confirm', 'the confirmation step')
}

function navigations(): string[] {
  return wxLedger.of('navigateTo').map((c) => (c.args[0] as { url: string }).url)
}

function orderPosts(): { requestId?: string }[] {
  return server.requests.filter((r) => r.method === 'POST' && r.path === '/api/orders').map((r) => r.body as { requestId?: string })
}

describe('buy popup: spec and quantity', () => {
  it('loads the SKUs, disables a value whose every SKU is sold out given the other pick, and names the SKU picked', async () => {
    const p = await openBuy()
    expect(server.paths()).toContain('GET /api/goods/scarf')
    expect(specValues(p)).toEqual(['红色', '蓝色', 'M', 'L'])
    expect(popupText(p)).toContain('请选择 颜色 / 尺码')
    await pick(p, '红色')
    expect(specValues(p)).toEqual(['红色[已选]', '蓝色', 'M[不可选]', 'L'])
    await pick(p, 'M')
    expect(specValues(p)).toEqual(['红色[已选]', '蓝色', 'M[不可选]', 'L'])
    await pick(p, 'L')
    expect(popupText(p)).toContain('已选 红色 / L')
    expect(popupText(p)).toContain('库存 5 件')
    expect(popupData<{ choice: { canBuy: boolean } }>(p).choice.canBuy).toBe(true)
  })

  it('bounds the quantity by the stock and by the per-order limit', async () => {
    const p = await openBuy()
    await pick(p, '蓝色')
    await pick(p, 'M')
    expect(popupText(p)).toContain('¥29.90')
    for (let i = 0; i < 5; i++) await tapIn(p, '.buy-popup__plus')
    expect(quantity(p)).toBe(3)
    await pick(p, 'M')
    await pick(p, 'L')
    expect(quantity(p)).toBe(2)
    expect(popupText(p)).toContain('每单限购 2 件')
    await tapIn(p, '.buy-popup__plus')
    expect(quantity(p)).toBe(2)
    for (let i = 0; i < 3; i++) await tapIn(p, '.buy-popup__minus')
    expect(quantity(p)).toBe(1)
  })

  it('does not go on before a SKU in stock is picked', async () => {
    const p = await openBuy()
    await tapIn(p, '.buy-popup__next', 'click')
    expect(popupData(p).step).toBe('spec')
  })
})

describe('buy popup: confirmation and payment', () => {
  async function chooseSoap(): Promise<SimPage> {
    const p = await openBuy('soap')
    expect(specValues(p)).toEqual([])
    await tapIn(p, '.buy-popup__plus')
    await toConfirm(p)
    return p
  }

  it('takes the address from wx.chooseAddress, keeps it on the server and creates then pays the order (模拟支付)', async () => {
    const p = await chooseSoap()
    expect(popupText(p)).toContain('选择收货地址')
    await tapIn(p, '.buy-popup__address')
    await waitFor(p, () => popupText(p).includes('张三 13800138000'), 'the chosen address showing')
    expect(popupText(p)).toContain('广东省广州市天河区体育西路 1 号')
    const saved = server.requests.find((r) => r.path === '/api/addresses' && r.method === 'POST')
    expect(saved?.body).toEqual({ name: '张三', phone: '13800138000', province: '广东省', city: '广州市', district: '天河区', detail: '体育西路 1 号', postalCode: '510000' })
    expect(popupText(p)).toContain('预计 ¥30.00')
    await tapIn(p, '.buy-popup__submit', 'click')
    await waitFor(p, () => navigations().length > 0, 'the result page opening')
    const [order] = [...shop.orders.values()]
    expect(order?.items.map((i) => [i.skuId, i.quantity])).toEqual([['soap-sku1', 2]])
    expect(order?.roomId).toBeNull()
    expect(wxLedger.of('showModal').map((c) => (c.args[0] as { title: string }).title)).toEqual(['模拟支付'])
    expect(wxLedger.of('requestPayment')).toHaveLength(0)
    expect(order?.state).toBe('paid')
    expect(navigations()).toEqual([`/shop/result/index?orderId=${order?.id}&outcome=paid`])
  })

  it('uses the address kept on the server from an earlier order', async () => {
    await server.requests.length
    const p = await chooseSoap()
    await tapIn(p, '.buy-popup__address')
    await waitFor(p, () => popupText(p).includes('张三'), 'the chosen address')
    p.detach()
    page = undefined
    wxLedger.clear()
    const q = await chooseSoap()
    page = q
    await waitFor(q, () => popupText(q).includes('张三 13800138000'), 'the kept address')
    expect(wxLedger.of('chooseAddress')).toHaveLength(0)
  })

  it('says so when the picker is closed, and lets the shopper choose again', async () => {
    wxShopper.address = 'cancel'
    const p = await chooseSoap()
    await tapIn(p, '.buy-popup__address')
    await waitFor(p, () => popupText(p).includes('没有选择收货地址'), 'the cancel message')
    wxShopper.address = 'chosen'
    await tapIn(p, '.buy-popup__address')
    await waitFor(p, () => popupText(p).includes('张三'), 'the address after retrying')
    expect(wxLedger.of('chooseAddress')).toHaveLength(2)
  })

  it('explains a refused permission and brings it back through the settings page', async () => {
    wxShopper.address = 'deny'
    const p = await chooseSoap()
    await tapIn(p, '.buy-popup__address')
    await waitFor(p, () => popupText(p).includes('没有获得通讯地址权限'), 'the permission message')
    await tapIn(p, '.buy-popup__setting', 'click')
    await waitFor(p, () => popupText(p).includes('张三'), 'the address after the settings page')
    expect(wxLedger.names().filter((n) => ['chooseAddress', 'openSetting'].includes(n))).toEqual(['chooseAddress', 'openSetting', 'chooseAddress'])
  })

  it('does not submit without an address', async () => {
    const p = await chooseSoap()
    await tapIn(p, '.buy-popup__submit', 'click')
    expect(popupText(p)).toContain('请先选择收货地址')
    expect(orderPosts()).toHaveLength(0)
  })

  async function readyToSubmit(): Promise<SimPage> {
    const p = await chooseSoap()
    await tapIn(p, '.buy-popup__address')
    await waitFor(p, () => popupText(p).includes('张三'), 'the address')
    return p
  }

  it('sends the same requestId when a submit is retried after a lost answer, so one order is made', async () => {
    const p = await readyToSubmit()
    server.failures.set('POST /api/orders', { status: 503, body: { error: 'unavailable', message: '服务器繁忙，请重试' } })
    await tapIn(p, '.buy-popup__submit', 'click')
    await waitFor(p, () => popupText(p).includes('服务器繁忙，请重试'), 'the failure message')
    expect(shop.orders.size).toBe(0)
    await tapIn(p, '.buy-popup__submit', 'click')
    await waitFor(p, () => navigations().length > 0, 'the result page')
    const ids = orderPosts().map((b) => b.requestId)
    expect(ids).toHaveLength(2)
    expect(ids[0]).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    expect(ids[1]).toBe(ids[0])
    expect(shop.orders.size).toBe(1)
  })

  it("shows the server's refusal (stock gone meanwhile) and stays on the confirmation", async () => {
    const p = await readyToSubmit()
    const soap = shop.goods('soap')!
    shop.addGoods({ ...soap, skus: soap.skus.map((s) => ({ ...s, stock: 1 })) })
    await tapIn(p, '.buy-popup__submit', 'click')
    await waitFor(p, () => popupText(p).includes('库存不足'), 'the refusal')
    expect(popupData(p).step).toBe('confirm')
    expect(navigations()).toEqual([])
    expect(wxLedger.of('showModal')).toHaveLength(0)
  })

  it('retries the create on a network failure with the requestId, and the server answers the one order', async () => {
    const p = await readyToSubmit()
    server.failNetwork = 1
    await tapIn(p, '.buy-popup__submit', 'click')
    await waitFor(p, () => navigations().length > 0, 'the result page')
    expect(orderPosts().length).toBeGreaterThanOrEqual(1)
    expect(new Set(orderPosts().map((b) => b.requestId)).size).toBe(1)
    expect(shop.orders.size).toBe(1)
  })

  it.each([
    ['ok', 'paid'],
    ['cancel', 'cancelled'],
    ['system error', 'failed'],
  ])('WeChat Pay answering %s leads to the result page with outcome %s', async (answer, outcome) => {
    shop.payMode = 'wechatpay'
    wxShopper.payment = answer
    const p = await readyToSubmit()
    await tapIn(p, '.buy-popup__submit', 'click')
    await waitFor(p, () => navigations().length > 0, 'the result page')
    const [order] = [...shop.orders.values()]
    const pay = wxLedger.of('requestPayment')[0]?.args[0] as Record<string, unknown>
    expect(pay).toMatchObject({ timeStamp: '1700000000', nonceStr: `n${order?.id}`, package: `prepay_id=wx${order?.id}`, signType: 'RSA', paySign: `sig-${order?.id}` })
    expect(order?.state).toBe('created')
    expect(navigations()[0]).toContain(`outcome=${outcome}`)
    if (outcome === 'failed') expect(decodeURIComponent(navigations()[0] ?? '')).toContain('system error')
  })

  it.each([
    ['our live room lies underneath', [{ route: 'live/viewer/index' }, { route: 'pages/goods-detail/index' }], 'r1'],
    ["the room is WeChat's (its plugin page is underneath, not our viewer)", [{ route: 'wxlive/room/index' }, { route: 'pages/goods-detail/index' }], null],
  ])('credits the room when %s', async (_label, stack, roomId) => {
    ;(getCurrentPages as jest.Mock).mockImplementation(() => stack)
    const p = await openBuy('soap', 'r1')
    await toConfirm(p)
    await tapIn(p, '.buy-popup__address')
    await waitFor(p, () => popupText(p).includes('张三'), 'the address')
    await tapIn(p, '.buy-popup__submit', 'click')
    await waitFor(p, () => navigations().length > 0, 'the result page')
    const [order] = [...shop.orders.values()]
    expect(order?.roomId ?? null).toBe(roomId)
    expect(navigations()[0]?.includes('room_id=r1')).toBe(roomId !== null)
  })

  it('closes with its close button while not paying, and opens again on the goods it was given', async () => {
    const p = await readyToSubmit()
    const close: Node | undefined = inPopup(p, '.van-popup__close-icon')
    if (!close) throw new Error(`no close button; the popup shows "${popupText(p)}"`)
    close.dispatchEvent('tap')
    await settle()
    expect((p.data as unknown as { buyOpen: boolean }).buyOpen).toBe(false)
    p.querySelector('.goods-detail__buy')!.dispatchEvent('tap')
    await waitFor(p, () => popupData(p).step === 'spec', 'the spec step again')
    expect(popupText(p)).toContain('商品 soap')
  })
})
