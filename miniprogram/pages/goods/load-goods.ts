/**
 * Loads the goods tab page by page from the merchant server into the goods-list store. The store
 * decides whether a next page may be asked for, so a burst of reach-bottom events sends one request.
 */
import { fetchGoodsList } from '../../services/api'
import type { GoodsListStore } from '../../stores/goods-list'

/** Two columns of ten rows: enough to fill a tall screen and leave something to scroll into. */
export const GOODS_PAGE_SIZE = 20

function messageOf(err: unknown): string {
  return err instanceof Error && err.message ? err.message : '加载失败，请稍后重试'
}

/** The first page, on opening, retry and pull-down refresh. Never rejects. */
export async function loadFirstGoodsPage(store: GoodsListStore): Promise<void> {
  const ticket = store.firstPageStarted()
  try {
    store.firstPageSucceeded(ticket, await fetchGoodsList(0, GOODS_PAGE_SIZE))
  } catch (err) {
    store.firstPageFailed(ticket, messageOf(err))
  }
}

/** The next page when there is one and nothing else is loading; `retrying` after a failed one. Never rejects. */
export async function loadNextGoodsPage(store: GoodsListStore, retrying = false): Promise<void> {
  const offset = store.nextOffset
  const ticket = store.nextPageStarted(retrying)
  if (ticket === null) return
  try {
    store.nextPageSucceeded(ticket, await fetchGoodsList(offset, GOODS_PAGE_SIZE))
  } catch (err) {
    store.nextPageFailed(ticket, messageOf(err))
  }
}
