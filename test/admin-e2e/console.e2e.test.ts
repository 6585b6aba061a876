/**
 * The merchant console in a real browser against the real server: sign in from the keyboard,
 * create goods with an uploaded image and two SKUs, schedule a room with it on a shelf ordered by
 * drag and see it through the mini-program's API, moderate live comments pushed over SSE, find
 * and promote a user, see rooms' online counts from ZEGO on the dashboard (and "—" with the
 * reason when ZEGO fails), see an order placed from a room arrive in its monitor and get paid,
 * and (once the orders module is merged) ship and refund an order.
 * Each page's screenshot goes to dist/admin-screenshots/.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import type { LoginResponse, RoomDetailResponse, RoomListResponse, GoodsListResponse } from '../../miniprogram/core/api-types'
import { DEMO_ROOM_ID, DEMO_STAFF_PASSWORD } from '../../server/src/demo/seed-demo'
import { buildConsole, launchChromium, SCREENSHOT_DIR, startServer, UNLABELLED_CONTROLS, type E2eServer } from './harness'

const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
const GOODS_TITLE = 'E2E 手冲壶'
const ROOM_TITLE = 'E2E 周五夜场'

let server: E2eServer
let context: BrowserContext
let page: Page
/** Whether the orders module's routes are on this server (they are built on another branch). */
let ordersReady = false

async function api<T>(method: string, url: string, body?: unknown, token?: string): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {}
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (token !== undefined) headers.authorization = `Bearer ${token}`
  const res = await fetch(server.url + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  return { status: res.status, body: (text === '' ? undefined : JSON.parse(text)) as T }
}
const login = async (openid: string): Promise<LoginResponse> => (await api<LoginResponse>('POST', '/api/auth/login', { code: `dev:${openid}` })).body

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true })
}
async function expectAllLabelled(where: string): Promise<void> {
  const unlabelled = (await page.evaluate(UNLABELLED_CONTROLS)) as string[]
  expect({ where, unlabelled }).toEqual({ where, unlabelled: [] })
}
async function choose(selectLocator: string, option: string): Promise<void> {
  // The select's own box takes the click (its input sits under the placeholder).
  await page.locator('.el-select', { has: page.locator(selectLocator) }).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click()
}

beforeAll(async () => {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await buildConsole()
  server = await startServer()
  context = await launchChromium()
  page = context.pages()[0] ?? (await context.newPage())
  // A step that cannot happen fails in 10 s naming its selector, well inside the test's time.
  page.setDefaultTimeout(10_000)
  page.on('console', (m) => fs.appendFileSync(path.join(os.tmpdir(), 'admin-e2e-console.log'), `${m.type()}: ${m.text()}\n`))
  const probe = await fetch(`${server.url}/api/admin/orders`)
  ordersReady = probe.status !== 404
}, 180_000)

afterAll(async () => {
  await context?.close()
  await server?.close()
})

/** A browser test that leaves a screenshot of the page it failed on in /tmp (not among the page screenshots). */
function e2e(name: string, fn: () => Promise<void>): void {
  it(name, async () => {
    try {
      await fn()
    } catch (err) {
      await page.screenshot({ path: path.join(os.tmpdir(), `admin-e2e-failed-${name.slice(0, 30).replace(/\W+/g, '-')}.png`) }).catch(() => undefined)
      fs.writeFileSync(path.join(os.tmpdir(), 'admin-e2e-server.log'), server.output())
      throw err
    }
  })
}

describe('merchant console in chromium', () => {
  e2e('signs in from the keyboard; a wrong password is shown next to the password field', async () => {
    await page.goto(`${server.url}/admin/`)
    await page.waitForSelector('#sign-in-name')
    await expectAllLabelled('sign-in')
    await page.focus('#sign-in-name')
    await page.keyboard.type('demo-admin')
    await page.keyboard.press('Tab')
    await page.keyboard.type('not-the-password')
    await page.keyboard.press('Enter')
    await page.waitForSelector('.el-form-item__error')
    expect(await page.locator('.el-form-item:has(#sign-in-password) .el-form-item__error').innerText()).toMatch(/账号或密码错误/)
    await shot('sign-in-error')
    await page.fill('#sign-in-password', DEMO_STAFF_PASSWORD)
    await page.keyboard.press('Enter')
    await page.waitForSelector('[data-test=who]')
    expect(await page.locator('[data-test=who]').innerText()).toContain('demo-admin')
    // The session is an httpOnly cookie: scripts on the page cannot read it.
    expect(await page.evaluate('document.cookie')).toBe('')
    const cookies = await context.cookies()
    expect(cookies.find((c) => c.name === 'sf_staff')).toMatchObject({ httpOnly: true, sameSite: 'Strict' })
  })

  e2e('shows the dashboard with live rooms and an honest state for orders and sales', async () => {
    await page.waitForSelector('[data-test=live-count] .big')
    if (!ordersReady) {
      await page.waitForSelector('[data-test=today-orders] .el-empty')
      expect(await page.locator('[data-test=sales]').innerText()).toMatch(/尚未上线/)
    } else {
      await page.waitForSelector('[data-test=today-orders] .big')
    }
    await expectAllLabelled('dashboard')
    await shot('dashboard')
  })

  e2e('creates on-sale goods with an uploaded image and two SKUs', async () => {
    await page.click('nav >> text=商品')
    await page.waitForSelector('[data-test=goods-table]')
    await page.click('button:has-text("新建商品")')
    await page.waitForSelector('#goods-title')
    await page.fill('#goods-title', GOODS_TITLE)
    await page.setInputFiles('#goods-image-file', { name: 'kettle.png', mimeType: 'image/png', buffer: PNG_1X1 })
    await page.waitForSelector('.thumb img')
    expect(await page.locator('.thumb img').getAttribute('src')).toMatch(new RegExp(`^${server.url}/uploads/[0-9a-f]{32}\\.png$`))
    await page.fill('#goods-price', '68')
    await page.fill('#goods-stock', '10')
    await choose('#goods-status', '在售')
    await page.click('button:has-text("添加规格")')
    await page.fill('[aria-label="规格 1 的值（逗号分隔）"]', '红色, 蓝色')
    await page.keyboard.press('Tab')
    await page.waitForSelector('[aria-label="蓝色 价格（元）"]')
    await page.fill('[aria-label="红色 价格（元）"]', '68')
    await page.keyboard.press('Tab')
    await page.fill('[aria-label="蓝色 价格（元）"]', '72.5')
    await page.keyboard.press('Tab')
    await page.fill('[aria-label="红色 库存"]', '4')
    await page.fill('[aria-label="蓝色 库存"]', '6')
    await page.keyboard.press('Tab')
    await expectAllLabelled('goods editor')
    await shot('goods-editor')
    await page.click('.el-dialog button:has-text("保存")')

    const skuRoute = await fetch(`${server.url}/api/goods/x/skus`, { method: 'PUT' })
    if (skuRoute.status === 404 && ((await skuRoute.json()) as { message: string }).message.startsWith('no route')) {
      // Before the orders module is merged the goods is saved and the SKU part says why it was not.
      await page.waitForSelector('[data-test=sku-error]')
      expect(await page.locator('[data-test=sku-error]').innerText()).toMatch(/需要订单模块/)
      await page.click('.el-dialog button:has-text("取消")')
    } else {
      await page.waitForSelector('#goods-title', { state: 'detached' })
    }
    await page.waitForSelector(`[data-test=goods-table] >> text=${GOODS_TITLE}`)
    await shot('goods')
    const listed = (await api<GoodsListResponse>('GET', '/api/goods?limit=100')).body.goods.find((g) => g.title === GOODS_TITLE)
    expect(listed).toMatchObject({ status: 'on_sale', images: [expect.stringMatching(/\/uploads\/[0-9a-f]{32}\.png$/)] })
    const image = await fetch(listed?.images[0] ?? '')
    expect({ status: image.status, type: image.headers.get('content-type') }).toEqual({ status: 200, type: 'image/png' })
    if (!(skuRoute.status === 404)) {
      const detail = (await api<{ goods: { skus: { specValues: string[]; priceFen: number; stock: number }[] } }>('GET', `/api/goods/${listed?.id}`)).body.goods
      expect(detail.skus.map((s) => [s.specValues, s.priceFen, s.stock])).toEqual([[['红色'], 6800, 4], [['蓝色'], 7250, 6]])
    }
  })

  e2e('schedules a room with a shelf ordered by drag; the mini-program sees it', async () => {
    await page.click('nav >> text=直播间')
    await page.waitForSelector('[data-test=rooms-table]')
    await page.click('button:has-text("新建直播间")')
    await page.waitForSelector('#room-title')
    await page.fill('#room-title', ROOM_TITLE)
    await page.setInputFiles('#room-cover-file', { name: 'cover.png', mimeType: 'image/png', buffer: PNG_1X1 })
    await page.waitForSelector('.thumb img')
    await choose('#room-anchor', 'demo-anchor')
    await page.fill('#room-start', '2026-12-31 20:00:00')
    await page.keyboard.press('Enter')
    await choose('[aria-label="选择要上架的商品"]', GOODS_TITLE)
    await page.click('button:has-text("加入货架")')
    await choose('[aria-label="选择要上架的商品"]', '陶瓷滤杯')
    await page.click('button:has-text("加入货架")')
    const items = page.locator('[data-test=shelf] li')
    await items.nth(1).waitFor()
    await items.nth(1).dragTo(items.nth(0))
    await items.first().filter({ hasText: '陶瓷滤杯' }).waitFor()
    await expectAllLabelled('room editor')
    await shot('room-editor')
    await page.click('.el-dialog button:has-text("保存")')
    await page.waitForSelector('#room-title', { state: 'detached' })
    await page.waitForSelector(`[data-test=rooms-table] >> text=${ROOM_TITLE}`)
    await shot('rooms')

    const room = (await api<RoomListResponse>('GET', '/api/rooms?limit=100')).body.rooms.find((r) => r.title === ROOM_TITLE)
    expect(room).toMatchObject({ status: 'scheduled', cover: expect.stringMatching(/\/uploads\//) })
    const detail = (await api<RoomDetailResponse>('GET', `/api/rooms/${room?.id}`)).body
    expect(detail.shelfGoods.map((g) => g.title)).toEqual(['陶瓷滤杯', GOODS_TITLE])
    expect(new Date((room?.scheduledStart ?? 0) * 1000).toISOString()).toBe('2026-12-31T12:00:00.000Z')
  })

  e2e('monitors a live room: comments arrive over SSE, one is deleted, its sender muted', async () => {
    const anchor = await login('demo-anchor')
    const viewer = await login('e2e-viewer')
    server.zego.setOnline(DEMO_ROOM_ID, 37)
    expect((await api('POST', `/api/rooms/${DEMO_ROOM_ID}/status`, { status: 'live' }, anchor.token)).status).toBe(200)
    await page.goto(`${server.url}/admin/rooms/${DEMO_ROOM_ID}/monitor`)
    await page.waitForSelector('[data-test=connection]:has-text("实时连接")')
    await page.waitForSelector('[data-test=monitor-status]:has-text("直播中")')
    await page.waitForSelector('[data-test=monitor-online]:has-text("37 人")')
    expect((await api('POST', `/api/rooms/${DEMO_ROOM_ID}/comments`, { text: '这个有蓝色吗' }, viewer.token)).status).toBe(201)
    expect((await api('POST', `/api/rooms/${DEMO_ROOM_ID}/comments`, { text: '广告 加我微信' }, viewer.token)).status).toBe(201)
    await page.waitForSelector('[data-test=comments] >> text=广告 加我微信')
    await expectAllLabelled('monitor')
    await shot('monitor')
    await page.click('button[aria-label="删除评论：广告 加我微信"]')
    await page.waitForSelector('[data-test=comments] >> text=广告 加我微信', { state: 'detached' })
    const history = (await api<{ comments: { text: string }[] }>('GET', `/api/rooms/${DEMO_ROOM_ID}/comments`)).body.comments.map((c) => c.text)
    expect(history).toEqual(['这个有蓝色吗'])
    await page.locator('[data-test=comments] li', { hasText: '这个有蓝色吗' }).locator('button:has-text("禁言")').click()
    await page.waitForSelector('[role=status] >> text=已禁言')
    const muted = await api<{ error: string }>('POST', `/api/rooms/${DEMO_ROOM_ID}/comments`, { text: '再发一条' }, viewer.token)
    expect({ status: muted.status, error: muted.body.error }).toEqual({ status: 403, error: 'muted' })
  })

  e2e('shows live rooms with their online count from ZEGO on the dashboard, and "—" with the reason when ZEGO fails', async () => {
    const anchor = await login('demo-anchor')
    const room = (await api<RoomListResponse>('GET', '/api/rooms?limit=100')).body.rooms.find((r) => r.title === ROOM_TITLE)
    expect((await api('POST', `/api/rooms/${room?.id}/status`, { status: 'live' }, anchor.token)).status).toBe(200)
    const before = server.zego.callsTo('DescribeUserNum').length
    server.zego.injectFault({ kind: 'code', code: 50001, message: 'room not exist' })
    await page.goto(`${server.url}/admin/`)
    const cell = page.locator(`[data-test="online-${room?.id}"]`)
    await cell.filter({ hasText: '—' }).waitFor()
    expect(await page.locator('tr', { has: cell }).innerText()).toContain('ZEGO 返回错误')
    await page.locator(`[data-test="online-${DEMO_ROOM_ID}"]`).filter({ hasText: '37 人' }).waitFor()
    await shot('dashboard-online-unavailable')
    server.zego.setOnline(room?.id ?? '', 128)
    await page.reload()
    await cell.filter({ hasText: '128 人' }).waitFor()
    await page.locator('[data-test=online-total] .big').filter({ hasText: '165 人' }).waitFor()
    // Every count shown came from a signed DescribeUserNum call of at most 10 rooms.
    const calls = server.zego.callsTo('DescribeUserNum').slice(before)
    expect(calls.every((c) => c.signature === 'ok' && (c.lists.RoomId?.length ?? 0) <= 10)).toBe(true)
    expect(calls.flatMap((c) => c.lists.RoomId)).toContain(room?.id)
    await expectAllLabelled('dashboard with online counts')
    await shot('dashboard-online')
  })

  e2e('an order placed from the room arrives in its monitor and is shown paid, in yuan', async () => {
    await page.goto(`${server.url}/admin/rooms/${DEMO_ROOM_ID}/monitor`)
    await page.waitForSelector('[data-test=connection]:has-text("实时连接")')
    const shopper = await login('e2e-room-buyer')
    const goods = (await api<GoodsListResponse>('GET', '/api/goods?limit=100')).body.goods.find((g) => g.title === GOODS_TITLE)
    const detail = (await api<{ goods: { skus: { id: string; priceFen: number }[] } }>('GET', `/api/goods/${goods?.id}`)).body.goods
    const address = (await api<{ address: { id: string } }>('POST', '/api/addresses', { name: '李四', phone: '13900000000', province: '上海市', city: '上海市', district: '徐汇区', detail: '漕溪北路 2 号' }, shopper.token)).body.address
    const placed = await api<{ order: { id: string; totalFen: number } }>('POST', '/api/orders', { items: [{ skuId: detail.skus[0]?.id, quantity: 2 }], addressId: address.id, roomId: DEMO_ROOM_ID }, shopper.token)
    expect(placed.status).toBe(201)
    const line = page.locator(`[data-test=room-orders] [data-order-id="${placed.body.order.id}"]`)
    await line.filter({ hasText: '下单 ¥136.00' }).waitFor()
    expect((await api('POST', `/api/orders/${placed.body.order.id}/payment`, {}, shopper.token)).status).toBe(200)
    expect((await api('POST', `/api/dev/payments/${placed.body.order.id}/simulate`, { result: 'success' }, shopper.token)).status).toBe(200)
    await line.filter({ hasText: '已支付 ¥136.00' }).waitFor()
    expect(await line.innerText()).toContain(GOODS_TITLE)
    await page.locator('[data-test=room-orders-net]').filter({ hasText: '¥136.00' }).waitFor()
    // Likes from the room reach the monitor as the room is told its total.
    const liked = await api<{ total: number }>('POST', `/api/rooms/${DEMO_ROOM_ID}/likes`, { count: 3 }, shopper.token)
    expect(liked.status).toBe(200)
    await page.locator('[data-test=monitor-likes]').filter({ hasText: `点赞：${liked.body.total.toLocaleString('zh-CN')}` }).waitFor()
    await expectAllLabelled('monitor with orders')
    await shot('monitor-orders')
    // Opened again (or reconnected), the monitor starts from this live's orders, not from nothing.
    await page.reload()
    await page.waitForSelector('[data-test=connection]:has-text("实时连接")')
    await line.filter({ hasText: '已支付 ¥136.00' }).waitFor()
    await page.locator('[data-test=room-orders-net]').filter({ hasText: '¥136.00' }).waitFor()
  })

  e2e('shows who brought buyers: orders credited to a sharer and the opens of their cards per room', async () => {
    const sharer = await login('e2e-sharer')
    const friend = await login('e2e-sharer-friend')
    const { shareToken } = (await api<{ shareToken: string }>('POST', '/api/shares', { roomId: DEMO_ROOM_ID }, sharer.token)).body
    const opened = await api<{ recorded: boolean }>('POST', '/api/share-opens', { shareToken, channel: 'group' }, friend.token)
    expect({ status: opened.status, recorded: opened.body.recorded }).toEqual({ status: 200, recorded: true })
    const goods = (await api<GoodsListResponse>('GET', '/api/goods?limit=100')).body.goods.find((g) => g.title === GOODS_TITLE)
    const detail = (await api<{ goods: { skus: { id: string }[] } }>('GET', `/api/goods/${goods?.id}`)).body.goods
    const address = (await api<{ address: { id: string } }>('POST', '/api/addresses', { name: '王五', phone: '13700000000', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 3 号' }, friend.token)).body.address
    const placed = await api<{ order: { id: string } }>('POST', '/api/orders', { items: [{ skuId: detail.skus[0]?.id, quantity: 1 }], addressId: address.id, roomId: DEMO_ROOM_ID }, friend.token)
    expect(placed.status).toBe(201)
    expect((await api('POST', `/api/orders/${placed.body.order.id}/payment`, {}, friend.token)).status).toBe(200)
    expect((await api('POST', `/api/dev/payments/${placed.body.order.id}/simulate`, { result: 'success' }, friend.token)).status).toBe(200)

    await page.goto(`${server.url}/admin/shares?roomId=${DEMO_ROOM_ID}`)
    const salesRow = page.locator('[data-test=sharer-sales] tr', { hasText: sharer.user.id })
    await salesRow.filter({ hasText: '¥68.00' }).waitFor()
    expect(await salesRow.innerText()).toContain('e2e-sharer')
    const opensRow = page.locator('[data-test=share-opens] tr', { hasText: sharer.user.id })
    await opensRow.waitFor()
    expect((await opensRow.innerText()).replace(/\s+/g, ' ').trim()).toBe(`${sharer.user.id} 1 1`)
    await expectAllLabelled('shares')
    await shot('shares')
  })

  e2e('lists orders, or says the orders module is not there yet', async () => {
    await page.goto(`${server.url}/admin/orders`)
    await page.waitForSelector(ordersReady ? '[data-test=orders-table]' : '[data-test=orders-missing]')
    await expectAllLabelled('orders')
    await shot('orders')
  })

  e2e('shows the payment anomalies page, filtered by state from the keyboard', async () => {
    await page.click('nav >> text=支付异常')
    await page.waitForSelector('[data-test=anomalies-table]')
    expect(await page.locator('[data-test=anomalies-table]').innerText()).toContain('没有支付异常')
    await expectAllLabelled('payment-anomalies')
    await page.focus('#anomalies-state')
    await page.keyboard.press('Enter')
    const asked = page.waitForRequest((r) => r.url().includes('/api/admin/payment-anomalies'))
    await page.keyboard.press('Escape')
    await page.locator('button:has-text("查询")').press('Enter')
    expect((await asked).url()).toContain('offset=0')
    await shot('payment-anomalies')
  })

  e2e('finds a user by openid and makes them an anchor', async () => {
    await page.click('nav >> text=用户')
    await page.waitForSelector('#users-openid')
    await page.fill('#users-openid', 'e2e-viewer')
    await page.keyboard.press('Enter')
    const row = page.locator('[data-test=users-table] tr', { hasText: 'e2e-viewer' })
    await row.waitFor()
    expect(await row.locator('td').nth(2).innerText()).toBe('顾客')
    await row.locator('button:has-text("主播")').click()
    await page.locator('[data-test=users-table] tr', { hasText: 'e2e-viewer' }).locator('td').nth(2).filter({ hasText: /^主播$/ }).waitFor()
    const me = await api<{ user: { role: string } }>('GET', '/api/me', undefined, (await login('e2e-viewer')).token)
    expect(me.body.user.role).toBe('anchor')
    await expectAllLabelled('users')
    await shot('users')
  })

  e2e('keeps users away from operators', async () => {
    const operatorContext = await launchChromium()
    const operatorPage = operatorContext.pages()[0] ?? (await operatorContext.newPage())
    await operatorPage.goto(`${server.url}/admin/users`)
    await operatorPage.fill('#sign-in-name', 'demo-operator')
    await operatorPage.fill('#sign-in-password', DEMO_STAFF_PASSWORD)
    await operatorPage.keyboard.press('Enter')
    await operatorPage.waitForSelector('[data-test=who]')
    await operatorPage.waitForURL(/\/admin\/$/)
    expect(await operatorPage.locator('nav').innerText()).not.toContain('用户')
    await operatorContext.close()
  })

  it('ships an order and approves its refund', async () => {
    const shopper = await login('e2e-buyer')
    const goods = (await api<GoodsListResponse>('GET', '/api/goods?limit=100')).body.goods.find((g) => g.title === GOODS_TITLE)
    const detail = (await api<{ goods: { skus: { id: string }[] } }>('GET', `/api/goods/${goods?.id}`)).body.goods
    const address = (await api<{ address: { id: string } }>('POST', '/api/addresses', { name: '张三', phone: '13800000000', province: '上海市', city: '上海市', district: '浦东新区', detail: '世纪大道 1 号' }, shopper.token)).body.address
    const order = (await api<{ order: { id: string } }>('POST', '/api/orders', { items: [{ skuId: detail.skus[0]?.id, quantity: 1 }], addressId: address.id, roomId: DEMO_ROOM_ID }, shopper.token)).body.order
    expect((await api('POST', `/api/orders/${order.id}/payment`, {}, shopper.token)).status).toBe(200)
    expect((await api('POST', `/api/dev/payments/${order.id}/simulate`, { result: 'success' }, shopper.token)).status).toBe(200)
    await page.goto(`${server.url}/admin/orders`)
    const row = page.locator('[data-test=orders-table] tr', { hasText: order.id })
    await row.locator('button:has-text("发货")').click()
    await page.fill('#ship-company', 'SF')
    await page.fill('#ship-tracking', 'SF1234567890')
    await page.keyboard.press('Enter')
    await page.locator('[data-test=orders-table] tr', { hasText: order.id }).locator('text=待收货').waitFor()
    expect((await api('POST', `/api/orders/${order.id}/refunds`, { reason: '不想要了' }, shopper.token)).status).toBeLessThan(300)
    await page.reload()
    await page.locator('[data-test=orders-table] tr', { hasText: order.id }).locator('button:has-text("详情")').click()
    await page.click('button:has-text("同意退款")')
    const after = (await api<{ order: { state: string } }>('GET', `/api/orders/${order.id}`, undefined, shopper.token)).body.order
    expect(['refunded', 'refunding']).toContain(after.state)
    await shot('orders-after-refund')
  })
})
