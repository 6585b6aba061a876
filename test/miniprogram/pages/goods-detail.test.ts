import { openPage } from '../../helpers/load-page'
import { methods, settle, text, type SimPage } from '../../helpers/live'
import { type FakeServer } from '../../fakes/server-api'
import { makeGoods } from '../../fakes/server-fixtures'
import { wxFaults, wxLedger } from '../../fakes/wx'
import { freshPageFakes } from '../../helpers/page-fakes'

interface DetailPage {
  onShareAppMessage(): WechatMiniprogram.Page.ICustomShareContent
}

interface DetailData {
  state: string
  goods: { images: string[] } | null
}

let server: FakeServer
let page: SimPage | undefined

beforeEach(() => {
  server = freshPageFakes()
  server.addGoods(
    makeGoods('cup', {
      title: '保温杯',
      priceFen: 5900,
      stock: 12,
      images: ['https://cdn.example.com/goods/cup-1.jpg', 'https://cdn.example.com/goods/cup-2.jpg'],
    }),
  )
})

afterEach(() => {
  page?.detach()
  page = undefined
})

/** Pages under the opened one: 0 for a share card or a scan, 1 or more from the app itself. */
function stackBelow(depth: number): void {
  ;(getCurrentPages as jest.Mock).mockImplementation(() => Array.from({ length: depth + 1 }, () => ({})))
}

function detailState(p: SimPage): string {
  return (p.data as unknown as DetailData).state
}

async function loadSettled(p: SimPage): Promise<void> {
  for (let round = 0; round < 100 && detailState(p) === 'loading'; round++) await settle(1)
  await settle()
}

async function openDetail(query: Record<string, string>, below = 1): Promise<SimPage> {
  stackBelow(below)
  page = openPage('pages/goods-detail/index', query)
  await loadSettled(page)
  return page
}

function goodsRequests(): string[] {
  return server.paths().filter((p) => p.startsWith('GET /api/goods/'))
}

describe('goods detail page', () => {
  it('shows a loading state until the server answers', async () => {
    stackBelow(1)
    page = openPage('pages/goods-detail/index', { goodsId: 'cup' })
    await Promise.resolve()
    expect(text(page)).toContain('正在加载商品')
    await loadSettled(page)
    expect(text(page)).not.toContain('正在加载商品')
  })

  it('shows the title, the price in yuan, the stock and every image', async () => {
    const p = await openDetail({ goodsId: 'cup' })
    expect(goodsRequests()).toEqual(['GET /api/goods/cup'])
    expect(p.querySelector('.goods-detail__title')?.dom?.textContent).toBe('保温杯')
    expect(p.querySelector('.goods-detail__price')?.dom?.textContent).toBe('¥59.00')
    expect(p.querySelector('.goods-detail__stock')?.dom?.textContent).toBe('库存 12 件')
    expect(p.querySelectorAll('.goods-detail__slide')).toHaveLength(2)
    expect(p.querySelectorAll('.goods-detail__image')).toHaveLength(2)
    // simulate's <image> stub keeps no src; the bound goods is what the template renders it from.
    expect((p.data as unknown as DetailData).goods?.images).toEqual([
      'https://cdn.example.com/goods/cup-1.jpg',
      'https://cdn.example.com/goods/cup-2.jpg',
    ])
    expect(p.querySelector('.goods-detail__placeholder')).toBeFalsy()
  })

  it('shows one placeholder when the goods has no image, and sold out instead of the stock', async () => {
    server.addGoods(makeGoods('bare', { images: [], stock: 0 }))
    const p = await openDetail({ goodsId: 'bare' })
    expect(p.querySelectorAll('.goods-detail__slide')).toHaveLength(0)
    expect(p.querySelectorAll('.goods-detail__placeholder')).toHaveLength(1)
    expect(p.querySelector('.goods-detail__stock')?.dom?.textContent).toBe('已售罄')
    expect(p.querySelector('.goods-detail__buy')?.dom?.textContent).toBe('已售罄')
  })

  it('shows goods taken off sale as sold out', async () => {
    server.addGoods(makeGoods('old', { status: 'off_sale', stock: 5 }))
    const p = await openDetail({ goodsId: 'old' })
    expect(p.querySelector('.goods-detail__stock')?.dom?.textContent).toBe('已售罄')
  })

  it('offers 立即购买 for goods in stock, and nothing from the 已售罄 bar of a sold-out goods', async () => {
    const p = await openDetail({ goodsId: 'cup' })
    expect(p.querySelector('.goods-detail__buy')?.dom?.textContent).toBe('立即购买')
    page?.detach()
    server.addGoods(makeGoods('gone', { stock: 0 }))
    const q = await openDetail({ goodsId: 'gone' })
    page = q
    wxLedger.clear()
    q.querySelector('.goods-detail__buy')!.dispatchEvent('tap')
    await settle()
    expect(wxLedger.calls.map((c) => c.api)).toEqual([])
    expect((q.data as unknown as { buyOpen: boolean }).buyOpen).toBe(false)
  })

  it.each([
    ['unknown goods', 'nope'],
    ['a draft', 'draft'],
  ])('says %s does not exist and offers the way home', async (_label, goodsId) => {
    server.addGoods(makeGoods('draft', { status: 'draft' }))
    const p = await openDetail({ goodsId })
    expect(text(p)).toContain('商品不存在或已下架')
    expect(text(p)).not.toContain('重试')
    wxLedger.clear()
    p.querySelector('.goods-detail__go-home')!.dispatchEvent('click')
    await settle()
    expect(wxLedger.of('switchTab').map((c) => c.args[0])).toEqual([expect.objectContaining({ url: '/pages/rooms/index' })])
  })

  it('says when no goods was named, without asking the server', async () => {
    const p = await openDetail({}, 0)
    expect(text(p)).toContain('没有指定商品')
    expect(p.querySelector('.goods-detail__go-home')).toBeTruthy()
    expect(wxLedger.of('request')).toHaveLength(0)
  })

  it('says what went wrong when the network fails, and loads the goods on retry', async () => {
    server.failNetwork = 100
    const p = await openDetail({ goodsId: 'cup' })
    expect(text(p)).toContain('网络连接失败，请检查网络后重试')
    expect(text(p)).not.toContain('商品不存在')

    server.failNetwork = 0
    p.querySelector('.goods-detail__retry')!.dispatchEvent('click')
    await loadSettled(p)
    expect(text(p)).not.toContain('网络连接失败')
    expect(p.querySelector('.goods-detail__title')?.dom?.textContent).toBe('保温杯')
    expect(goodsRequests()).toEqual(['GET /api/goods/cup'])
  })

  it('shows the server\'s message for other failures, with a retry', async () => {
    server.failures.set('GET /api/goods/cup', { status: 500, body: { error: 'internal', message: '服务器内部错误' } })
    const p = await openDetail({ goodsId: 'cup' })
    expect(text(p)).toContain('服务器内部错误')
    expect(p.querySelector('.goods-detail__retry')).toBeTruthy()
  })

  describe('the way back', () => {
    it('from a live room: 返回直播间 goes back with navigateBack, never switchTab or reLaunch', async () => {
      const p = await openDetail({ goodsId: 'cup', room_id: '12' })
      expect(p.querySelector('.goods-detail__back')?.dom?.textContent).toBe('返回直播间')
      expect(p.querySelector('.goods-detail__home')).toBeFalsy()
      wxLedger.clear()

      p.querySelector('.goods-detail__back')!.dispatchEvent('tap')
      await settle()
      expect(wxLedger.names()).toEqual(['navigateBack'])
      expect(wxLedger.of('navigateBack')[0].args[0]).toEqual(expect.objectContaining({ delta: 1 }))
    })

    it('from a live room, an unknown goods still leads back to the room rather than home', async () => {
      const p = await openDetail({ goodsId: 'nope', room_id: '12' })
      expect(text(p)).toContain('商品不存在或已下架')
      expect(p.querySelector('.goods-detail__go-home')).toBeFalsy()
      expect(p.querySelector('.goods-detail__back')).toBeTruthy()
    })

    it('from the shelf: neither back-to-room nor home (the navigation bar goes back)', async () => {
      const p = await openDetail({ goodsId: 'cup' })
      expect(p.querySelector('.goods-detail__back')).toBeFalsy()
      expect(p.querySelector('.goods-detail__home')).toBeFalsy()
      expect(text(p)).not.toContain('返回直播间')
    })

    it('opened directly from a share card: a home button that switches to the home tab', async () => {
      const p = await openDetail({ goodsId: 'cup' }, 0)
      expect(p.querySelector('.goods-detail__back')).toBeFalsy()
      wxLedger.clear()
      p.querySelector('.goods-detail__home')!.dispatchEvent('tap')
      await settle()
      expect(wxLedger.names()).toEqual(['switchTab'])
    })

    it('opened from a share card that kept room_id: home, because no room lies underneath', async () => {
      const p = await openDetail({ goodsId: 'cup', room_id: '12' }, 0)
      expect(text(p)).not.toContain('返回直播间')
      expect(p.querySelector('.goods-detail__home')).toBeTruthy()
    })

    it('goes home when going back fails after all', async () => {
      const p = await openDetail({ goodsId: 'cup', room_id: '12' })
      wxFaults.set('navigateBack', 'cannot navigate back at first page')
      wxLedger.clear()
      p.querySelector('.goods-detail__back')!.dispatchEvent('tap')
      await settle()
      expect(wxLedger.names()).toEqual(['navigateBack', 'switchTab'])
    })
  })

  describe('sharing', () => {
    it('shares the goods title and first image, keeping room_id in the path', async () => {
      const p = await openDetail({ goodsId: 'cup', room_id: '12' })
      expect(methods<DetailPage>(p).onShareAppMessage()).toEqual({
        title: '保温杯',
        path: '/pages/goods-detail/index?goodsId=cup&room_id=12',
        imageUrl: 'https://cdn.example.com/goods/cup-1.jpg',
        promise: expect.any(Promise),
      })
    })

    it('shares a plain goods path when not opened from a room', async () => {
      const p = await openDetail({ goodsId: 'cup' })
      expect(methods<DetailPage>(p).onShareAppMessage().path).toBe('/pages/goods-detail/index?goodsId=cup')
    })
  })
})
