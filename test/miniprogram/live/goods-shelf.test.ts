/**
 * The viewer's goods shelf: the room's shelf goods come with the room detail, a button with the
 * count opens a bottom popup listing them in shelf order, and a tap opens the goods page with the
 * way back to the room.
 */
import { ROOM, closePage, openShelf, openViewer, settle, shelfItems, shelfLines, stockShelf, text, useLiveFakes, type SimPage } from '../../helpers/live'
import { makeGoods } from '../../fakes/server-fixtures'
import { wxFaults, wxLedger } from '../../fakes/wx'
import { liveRoomStore } from '../../../miniprogram/live/stores/live-room'

const ctx = useLiveFakes()

/** Whether the shelf's popup is showing (its slot content exists either way). */
function shelfOpen(page: SimPage): boolean {
  return (page.querySelector('#shelf')?.instance.data as { open?: boolean } | undefined)?.open === true
}

function navigations(): string[] {
  return wxLedger.of('navigateTo').map((c) => (c.args[0] as { url: string }).url)
}

describe('viewer goods shelf', () => {
  afterEach(() => wxFaults.clear())

  it('lists the shelf in shelf order with prices, sold out for no stock or off sale, drafts left out', async () => {
    stockShelf(ctx.server, [
      makeGoods('g3', { title: '羊毛围巾', priceFen: 12800, status: 'off_sale' }),
      makeGoods('g1', { title: '手工皂', priceFen: 1990 }),
      makeGoods('g4', { title: '草稿商品', status: 'draft' }),
      makeGoods('g2', { title: '保温杯', priceFen: 500, stock: 0 }),
      makeGoods('g5', { title: '无图商品', priceFen: 1, images: [] }),
    ])
    const page = await openViewer()
    expect(liveRoomStore.shelfGoods.map((g) => g.id)).toEqual(['g3', 'g1', 'g2', 'g5'])
    expect(liveRoomStore.shelfGoods[1]).toEqual({ id: 'g1', title: '手工皂', image: 'https://cdn.example.com/goods/g1.jpg', priceFen: 1990, stock: 10, status: 'on_sale' })
    expect(liveRoomStore.shelfGoods[3].image).toBe('')
    expect(text(page)).toContain('商品 4')
    expect(shelfOpen(page)).toBe(false)

    await openShelf(page)
    expect(shelfOpen(page)).toBe(true)
    expect(text(page)).toContain('直播商品（4）')
    expect(shelfLines(page)).toEqual(['已售罄 羊毛围巾 ¥128.00', '手工皂 ¥19.90 立即购买', '已售罄 保温杯 ¥5.00', '无图商品 ¥0.01 立即购买'])
    // simulate's <image> stub keeps no src; the items are what the template renders it from.
    const items = (page.querySelector('#shelf')?.instance.data as { items: Array<{ image: string }> }).items
    expect(items.map((i) => i.image)).toEqual(['https://cdn.example.com/goods/g3.jpg', 'https://cdn.example.com/goods/g1.jpg', 'https://cdn.example.com/goods/g2.jpg', ''])
    expect(page.querySelectorAll('#shelf >>> .goods-shelf__image')).toHaveLength(3)
    closePage(page)
  })

  it('a tap opens the goods page with the room to go back to, and closes the shelf', async () => {
    stockShelf(ctx.server, [makeGoods('g1'), makeGoods('g 2/特', { title: '特别款' })])
    const page = await openViewer()
    await openShelf(page)
    shelfItems(page)[1].dispatchEvent('tap')
    await settle()
    expect(navigations()).toEqual([`/pages/goods-detail/index?goodsId=${encodeURIComponent('g 2/特')}&room_id=${ROOM}`])
    expect(shelfOpen(page)).toBe(false)
    // The viewer stays in the room underneath the goods page.
    expect(liveRoomStore.room.id).toBe(ROOM)
    closePage(page)
  })

  it('sold-out goods still open their page, where the shopper reads why', async () => {
    stockShelf(ctx.server, [makeGoods('g1', { stock: 0 })])
    const page = await openViewer()
    await openShelf(page)
    shelfItems(page)[0].dispatchEvent('tap')
    await settle()
    expect(navigations()).toEqual([`/pages/goods-detail/index?goodsId=g1&room_id=${ROOM}`])
    closePage(page)
  })

  it('a refused navigation keeps the viewer in the room', async () => {
    stockShelf(ctx.server, [makeGoods('g1')])
    wxFaults.set('navigateTo', 'navigateTo:fail webview count limit exceed')
    const page = await openViewer()
    await openShelf(page)
    shelfItems(page)[0].dispatchEvent('tap')
    await settle()
    expect(liveRoomStore.room.id).toBe(ROOM)
    expect(text(page)).toContain('主播还没开播')
    closePage(page)
  })

  it('a room without goods shows no shelf button', async () => {
    const page = await openViewer()
    expect(liveRoomStore.shelfGoods).toEqual([])
    expect(page.querySelector('#shelf')).toBeFalsy()
    expect(text(page)).not.toContain('商品 0')
    closePage(page)
  })
})
