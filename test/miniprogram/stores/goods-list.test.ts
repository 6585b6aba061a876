import { GoodsListStore } from '../../../miniprogram/stores/goods-list'
import type { Goods } from '../../../miniprogram/core/api-types'
import { makeGoods } from '../../fakes/server-fixtures'

const page = (ids: string[], total: number, over: Partial<Goods> = {}) => ({ goods: ids.map((id) => makeGoods(id, over)), total })

function loadedStore(ids: string[], total: number): GoodsListStore {
  const store = new GoodsListStore()
  store.firstPageSucceeded(store.firstPageStarted(), page(ids, total))
  return store
}

describe('goods-list store', () => {
  it('goes loading → goods, and keeps the goods on screen while a refresh runs', () => {
    const store = new GoodsListStore()
    expect(store.view).toBe('loading')
    store.firstPageSucceeded(store.firstPageStarted(), page(['g2', 'g1'], 2))
    expect(store.view).toBe('goods')
    expect(store.cards.map((c) => c.id)).toEqual(['g2', 'g1'])

    store.firstPageStarted()
    expect(store.view).toBe('goods')
    expect(store.refreshing).toBe(true)
  })

  it('turns goods into cards with yuan prices and sold-out for no stock or off sale', () => {
    const store = new GoodsListStore()
    store.firstPageSucceeded(store.firstPageStarted(), {
      goods: [
        makeGoods('a', { title: '保温杯', priceFen: 5900 }),
        makeGoods('b', { stock: 0 }),
        makeGoods('c', { status: 'off_sale', stock: 3 }),
        makeGoods('d', { images: [] }),
      ],
      total: 4,
    })
    expect(store.cards).toEqual([
      { id: 'a', title: '保温杯', image: 'https://cdn.example.com/goods/a.jpg', price: '¥59.00', soldOut: false },
      expect.objectContaining({ id: 'b', soldOut: true }),
      expect.objectContaining({ id: 'c', soldOut: true }),
      expect.objectContaining({ id: 'd', image: '', soldOut: false }),
    ])
  })

  it('hands out one next-page ticket at a time, at the offset after what arrived', () => {
    const store = loadedStore(['g5', 'g4'], 5)
    const ticket = store.nextPageStarted()
    expect(ticket).not.toBeNull()
    expect(store.nextPageStarted()).toBeNull()
    expect(store.footer).toBe('loading')

    store.nextPageSucceeded(ticket!, page(['g3', 'g2'], 5))
    expect(store.nextOffset).toBe(4)
    expect(store.footer).toBe('none')
    store.nextPageSucceeded(store.nextPageStarted()!, page(['g1'], 5))

    expect(store.cards.map((c) => c.id)).toEqual(['g5', 'g4', 'g3', 'g2', 'g1'])
    expect(store.hasMore).toBe(false)
    expect(store.nextPageStarted()).toBeNull()
    expect(store.footer).toBe('end')
  })

  it('gives no next-page ticket before the first page arrives or while it reloads', () => {
    const store = new GoodsListStore()
    store.firstPageStarted()
    expect(store.nextPageStarted()).toBeNull()
    store.firstPageSucceeded(1, page(['g2'], 2))
    store.firstPageStarted()
    expect(store.nextPageStarted()).toBeNull()
  })

  it('shows an item pushed onto the next page by newer goods only once, and still ends', () => {
    const store = loadedStore(['g3', 'g2'], 3)
    // g4 was added meanwhile: offset 2 now starts at g2.
    store.nextPageSucceeded(store.nextPageStarted()!, page(['g2', 'g1'], 4))
    expect(store.cards.map((c) => c.id)).toEqual(['g3', 'g2', 'g1'])
    expect(store.hasMore).toBe(false)
  })

  it('ends the list on an empty page even if the total promised more', () => {
    const store = loadedStore(['g3', 'g2'], 3)
    store.nextPageSucceeded(store.nextPageStarted()!, page([], 3))
    expect(store.hasMore).toBe(false)
    expect(store.footer).toBe('end')
  })

  it('keeps the goods when a next page fails, and loads it again only on retry', () => {
    const store = loadedStore(['g3', 'g2'], 3)
    store.nextPageFailed(store.nextPageStarted()!, '网络连接失败')
    expect(store.view).toBe('goods')
    expect(store.footer).toBe('error')
    expect(store.moreErrorMessage).toBe('网络连接失败')
    expect(store.cards).toHaveLength(2)

    expect(store.nextPageStarted()).toBeNull()
    const retry = store.nextPageStarted(true)
    expect(retry).not.toBeNull()
    expect(store.moreErrorMessage).toBe('')
    store.nextPageSucceeded(retry!, page(['g1'], 3))
    expect(store.cards.map((c) => c.id)).toEqual(['g3', 'g2', 'g1'])
  })

  it('drops a next page overtaken by a refresh', () => {
    const store = loadedStore(['g3', 'g2'], 3)
    const more = store.nextPageStarted()!
    const refresh = store.firstPageStarted()
    expect(store.loadingMore).toBe(false)
    store.firstPageSucceeded(refresh, page(['g4', 'g3'], 4))
    store.nextPageSucceeded(more, page(['g1'], 3))
    store.nextPageFailed(more, 'late failure')
    expect(store.cards.map((c) => c.id)).toEqual(['g4', 'g3'])
    expect(store.nextOffset).toBe(2)
    expect(store.footer).toBe('none')
  })

  it('shows the failure until the next load starts, and an empty shelf as empty', () => {
    const store = new GoodsListStore()
    store.firstPageFailed(store.firstPageStarted(), '服务器内部错误')
    expect(store.view).toBe('error')
    expect(store.footer).toBe('none')
    store.firstPageStarted()
    expect(store.view).toBe('loading')
    store.firstPageSucceeded(2, page([], 0))
    expect(store.view).toBe('empty')
    expect(store.footer).toBe('none')
  })

  it('replaces its bound list instead of mutating it', () => {
    const store = loadedStore(['g3', 'g2'], 3)
    const before = store.goods
    store.nextPageSucceeded(store.nextPageStarted()!, page(['g1'], 3))
    expect(before).toHaveLength(2)
    expect(store.goods).not.toBe(before)
  })
})
