import { openPage } from '../../helpers/load-page'
import { methods, settle, text, type SimPage } from '../../helpers/live'
import { type FakeServer } from '../../fakes/server-api'
import { makeGoods } from '../../fakes/server-fixtures'
import { wxFaults, wxLedger } from '../../fakes/wx'
import { GOODS_PAGE_SIZE, goodsListStore } from '../../../miniprogram/stores/goods-list'
import { freshPageFakes } from '../../helpers/page-fakes'

interface GoodsPage {
  onPullDownRefresh(): Promise<void>
  onReachBottom(): void
}

interface CardText {
  title: string
  price: string
  soldOut: boolean
}

let server: FakeServer
let page: SimPage | undefined

beforeEach(() => {
  goodsListStore.reset()
  server = freshPageFakes()
})

afterEach(() => {
  page?.detach()
  page = undefined
})

function busy(): boolean {
  return goodsListStore.loading || goodsListStore.loadingMore
}

/** Lets every load finish, however many retries and sign-ins it takes, then the bindings flush. */
async function loadSettled(): Promise<void> {
  for (let round = 0; round < 100 && busy(); round++) await settle(1)
  await settle()
}

async function openGoods(): Promise<SimPage> {
  page = openPage('pages/goods/index')
  await loadSettled()
  return page
}

/** `count` goods, g<count> newest; the shelf lists them g<count> … g1. */
function stock(count: number): void {
  for (let i = 1; i <= count; i++) server.addGoods(makeGoods(`g${i}`, { createdAt: 1_700_000_000 + i }))
}

function cardsIn(p: SimPage): CardText[] {
  return p.querySelectorAll('.goods-card').map((card, i) => ({
    title: (p.querySelectorAll('.goods-card__title')[i]?.dom?.textContent ?? '').trim(),
    price: (p.querySelectorAll('.goods-card__price')[i]?.dom?.textContent ?? '').trim(),
    soldOut: (card.dom?.textContent ?? '').includes('已售罄'),
  }))
}

/** The offsets of every goods-list request that reached the server, in order. */
function listOffsets(): number[] {
  return server.requests.filter((r) => r.method === 'GET' && r.path === '/api/goods').map((r) => Number(r.query.offset))
}

describe('goods tab', () => {
  it('shows a loading state until the server answers', async () => {
    page = openPage('pages/goods/index')
    await Promise.resolve()
    expect(text(page)).toContain('正在加载商品')
    await loadSettled()
    expect(text(page)).not.toContain('正在加载商品')
  })

  it('shows cards newest first with yuan prices, and marks goods out of stock or off sale as sold out', async () => {
    server.addGoods(
      makeGoods('cup', { title: '保温杯', priceFen: 5900, createdAt: 4 }),
      makeGoods('tea', { title: '明前龙井', priceFen: 12800, stock: 0, createdAt: 3 }),
      makeGoods('old', { title: '去年款', priceFen: 990, status: 'off_sale', createdAt: 2 }),
      makeGoods('draft', { title: '还没上架', status: 'draft', createdAt: 5 }),
    )
    const p = await openGoods()

    expect(server.requests.find((r) => r.path === '/api/goods')?.query).toEqual({ offset: '0', limit: String(GOODS_PAGE_SIZE) })
    expect(cardsIn(p)).toEqual([
      { title: '保温杯', price: '¥59.00', soldOut: false },
      { title: '明前龙井', price: '¥128.00', soldOut: true },
      { title: '去年款', price: '¥9.90', soldOut: true },
    ])
    expect(text(p)).not.toContain('还没上架')
    // simulate's <image> stub keeps no src; the bound card is what the template renders it from.
    expect(p.querySelectorAll('.goods-card__image')).toHaveLength(3)
    expect((p.data.cards as Array<{ image: string }>)[0].image).toBe('https://cdn.example.com/goods/cup.jpg')
    expect(text(p)).toContain('没有更多了')
  })

  it('loads each next page once on reach-bottom, at the right offset, and stops at the total with an end marker', async () => {
    stock(45)
    const p = await openGoods()
    expect(cardsIn(p)).toHaveLength(20)
    expect(text(p)).not.toContain('没有更多了')

    // WeChat may fire reach-bottom several times while a page is on its way.
    methods<GoodsPage>(p).onReachBottom()
    methods<GoodsPage>(p).onReachBottom()
    methods<GoodsPage>(p).onReachBottom()
    await settle(1)
    expect(text(p)).toContain('正在加载更多')
    await loadSettled()
    expect(listOffsets()).toEqual([0, 20])
    expect(cardsIn(p)).toHaveLength(40)

    methods<GoodsPage>(p).onReachBottom()
    methods<GoodsPage>(p).onReachBottom()
    await loadSettled()
    expect(listOffsets()).toEqual([0, 20, 40])
    const titles = cardsIn(p).map((c) => c.title)
    expect(titles).toHaveLength(45)
    expect(new Set(titles).size).toBe(45)
    expect(titles[0]).toBe('商品 g45')
    expect(titles[44]).toBe('商品 g1')
    expect(text(p)).toContain('没有更多了')

    methods<GoodsPage>(p).onReachBottom()
    await loadSettled()
    expect(listOffsets()).toEqual([0, 20, 40])
  })

  it('keeps the first page when the next one fails, and loads it on retry', async () => {
    stock(25)
    const p = await openGoods()
    server.failures.set('GET /api/goods', { status: 500, body: { error: 'internal', message: '服务器内部错误' } })
    methods<GoodsPage>(p).onReachBottom()
    await loadSettled()

    expect(cardsIn(p)).toHaveLength(20)
    expect(text(p)).toContain('服务器内部错误')
    expect(text(p)).not.toContain('没有更多了')
    // Scrolling again does not hammer a failing server; the retry button does the asking.
    methods<GoodsPage>(p).onReachBottom()
    await loadSettled()
    expect(listOffsets()).toEqual([0, 20])

    p.querySelector('.goods__retry-more')!.dispatchEvent('tap')
    await loadSettled()
    expect(listOffsets()).toEqual([0, 20, 20])
    expect(cardsIn(p)).toHaveLength(25)
    expect(text(p)).not.toContain('服务器内部错误')
    expect(text(p)).toContain('没有更多了')
  })

  it('reloads from offset 0 on pull-down refresh and then stops the refresh animation', async () => {
    stock(25)
    const p = await openGoods()
    methods<GoodsPage>(p).onReachBottom()
    await loadSettled()
    expect(cardsIn(p)).toHaveLength(25)
    expect(wxLedger.of('stopPullDownRefresh')).toHaveLength(0)

    server.addGoods(makeGoods('new', { title: '刚上新', createdAt: 1_800_000_000 }))
    await methods<GoodsPage>(p).onPullDownRefresh()
    await settle()

    expect(listOffsets()).toEqual([0, 20, 0])
    expect(cardsIn(p)).toHaveLength(20)
    expect(cardsIn(p)[0].title).toBe('刚上新')
    expect(text(p)).not.toContain('没有更多了')
    expect(wxLedger.of('stopPullDownRefresh')).toHaveLength(1)
    const names = wxLedger.names()
    expect(names.lastIndexOf('stopPullDownRefresh')).toBeGreaterThan(names.lastIndexOf('request'))

    // The next page follows on from the refreshed first page.
    methods<GoodsPage>(p).onReachBottom()
    await loadSettled()
    expect(listOffsets()).toEqual([0, 20, 0, 20])
    expect(cardsIn(p)).toHaveLength(26)
  })

  it('stops the refresh animation even when the refresh fails, and says why', async () => {
    stock(3)
    const p = await openGoods()
    server.failNetwork = 100
    await methods<GoodsPage>(p).onPullDownRefresh()
    await loadSettled()
    expect(wxLedger.of('stopPullDownRefresh')).toHaveLength(1)
    expect(text(p)).toContain('网络连接失败，请检查网络后重试')
  })

  it('says the shelf is empty when the server has no goods for shoppers', async () => {
    server.addGoods(makeGoods('draft', { status: 'draft' }))
    const p = await openGoods()
    expect(text(p)).toContain('货架上还没有商品')
    expect(p.querySelector('.goods-card')).toBeFalsy()
    expect(text(p)).not.toContain('没有更多了')
  })

  it('says what went wrong when the network fails, and loads the goods on retry', async () => {
    stock(2)
    server.failNetwork = 100
    const p = await openGoods()

    expect(text(p)).toContain('网络连接失败，请检查网络后重试')
    expect(text(p)).not.toContain('货架上还没有商品')
    expect(p.querySelector('.goods-card')).toBeFalsy()

    server.failNetwork = 0
    p.querySelector('.goods__retry')!.dispatchEvent('click')
    await loadSettled()
    expect(text(p)).not.toContain('网络连接失败')
    expect(cardsIn(p).map((c) => c.title)).toEqual(['商品 g2', '商品 g1'])
    expect(listOffsets()).toEqual([0])
  })

  it('shows the server\'s message when the list fails', async () => {
    server.failures.set('GET /api/goods', { status: 500, body: { error: 'internal', message: '服务器内部错误' } })
    const p = await openGoods()
    expect(text(p)).toContain('服务器内部错误')
    expect(p.querySelector('.goods__retry')).toBeTruthy()
  })

  it('opens the goods page for a tapped card, without a room', async () => {
    stock(2)
    const p = await openGoods()
    wxLedger.clear()
    p.querySelectorAll('.goods-card')[1].dispatchEvent('tap')
    await settle()
    expect(wxLedger.of('navigateTo').map((c) => (c.args[0] as { url: string }).url)).toEqual(['/pages/goods-detail/index?goodsId=g1'])
    expect(wxLedger.of('request')).toHaveLength(0)
  })

  it('stays on the shelf when the page stack is full', async () => {
    stock(1)
    const p = await openGoods()
    wxFaults.set('navigateTo', 'webview count limit exceed')
    p.querySelector('.goods-card')!.dispatchEvent('tap')
    await settle()
    expect(wxLedger.of('navigateTo')).toHaveLength(1)
    expect(cardsIn(p)).toHaveLength(1)
  })
})
