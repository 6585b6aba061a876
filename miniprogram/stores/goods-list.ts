/**
 * The goods tab as the UI sees it: the goods loaded so far, page by page, and the state of the
 * first page and of the next one, and the actions that load them through its source of server
 * answers; never calls wx.* itself. The store decides whether a next page may be asked for, so a
 * burst of reach-bottom events sends one request. The page binds its fields and forwards events.
 * Bound objects are replaced, never mutated, so that bindings see every change.
 */
import { makeAutoObservable } from 'mobx-miniprogram'
import type { Goods, GoodsListResponse } from '../core/api-types'
import { goodsCard, type GoodsCard } from '../core/goods-view'
import { failureMessage } from '../services/failure-message'
import { serverGoodsListSource, type GoodsListSource } from '../services/goods-list-source'

/** Two columns of ten rows: enough to fill a tall screen and leave something to scroll into. */
export const GOODS_PAGE_SIZE = 20

/** What sits under the grid: nothing, a spinner, a failed next page to retry, or the end. */
export type GoodsListFooter = 'none' | 'loading' | 'error' | 'end'

export class GoodsListStore {
  goods: readonly Goods[] = []
  total = 0
  /** Server offset of the next page: goods received so far, duplicates included. */
  nextOffset = 0
  /** The first page (initial load, retry or refresh) is on its way. */
  loading = false
  loadingMore = false
  /** At least one first page arrived: a refresh keeps the grid instead of a spinner. */
  loaded = false
  errorMessage = ''
  moreErrorMessage = ''
  /** Only the latest load may write its answer: a refresh outdates a next page still on its way. */
  private loadSerial = 0

  constructor(private readonly source: GoodsListSource = serverGoodsListSource) {
    // The commands are not actions: each step they take is one, so the bindings render the
    // spinner before the request goes out, as the step-by-step actions below are written for.
    makeAutoObservable<GoodsListStore, 'loadSerial' | 'source'>(this, { loadSerial: false, source: false, loadFirstPage: false, loadNextPage: false }, { autoBind: true })
  }

  // ---- commands (the page forwards to these) -------------------------------------------------

  /** The first page, on opening, retry and pull-down refresh. Never rejects. */
  async loadFirstPage(): Promise<void> {
    const ticket = this.firstPageStarted()
    try {
      this.firstPageSucceeded(ticket, await this.source.goodsPage(0, GOODS_PAGE_SIZE))
    } catch (err) {
      this.firstPageFailed(ticket, failureMessage(err))
    }
  }

  /** The next page when there is one and nothing else is loading; `retrying` after a failed one. Never rejects. */
  async loadNextPage(retrying = false): Promise<void> {
    const offset = this.nextOffset
    const ticket = this.nextPageStarted(retrying)
    if (ticket === null) return
    try {
      this.nextPageSucceeded(ticket, await this.source.goodsPage(offset, GOODS_PAGE_SIZE))
    } catch (err) {
      this.nextPageFailed(ticket, failureMessage(err))
    }
  }

  // ---- actions -------------------------------------------------------------------------------

  /** Returns the ticket the answer must carry. */
  firstPageStarted(): number {
    this.loading = true
    this.loadingMore = false
    this.errorMessage = ''
    this.moreErrorMessage = ''
    return ++this.loadSerial
  }

  firstPageSucceeded(ticket: number, page: GoodsListResponse): void {
    if (ticket !== this.loadSerial) return
    this.goods = uniqueById([], page.goods)
    this.nextOffset = page.goods.length
    this.total = page.goods.length === 0 ? 0 : page.total
    this.loading = false
    this.loaded = true
  }

  firstPageFailed(ticket: number, message: string): void {
    if (ticket !== this.loadSerial) return
    this.loading = false
    this.errorMessage = message
  }

  /**
   * Returns the ticket for the next page, or null when that page must not be asked for now:
   * another load is on its way, everything is loaded, or the last attempt failed and the shopper
   * has not asked to retry (scrolling alone would hammer a failing server).
   */
  nextPageStarted(retrying = false): number | null {
    if (!this.canLoadMore || (this.moreErrorMessage && !retrying)) return null
    this.loadingMore = true
    this.moreErrorMessage = ''
    return ++this.loadSerial
  }

  nextPageSucceeded(ticket: number, page: GoodsListResponse): void {
    if (ticket !== this.loadSerial) return
    // Goods added since the first page push older ones down a place, so a page can repeat the
    // last item of the one before: it is shown once.
    this.goods = uniqueById(this.goods, page.goods)
    this.nextOffset += page.goods.length
    // An empty page ends the list even if the total said otherwise (goods removed meanwhile).
    this.total = page.goods.length === 0 ? this.nextOffset : page.total
    this.loadingMore = false
  }

  nextPageFailed(ticket: number, message: string): void {
    if (ticket !== this.loadSerial) return
    this.loadingMore = false
    this.moreErrorMessage = message
  }

  reset(): void {
    this.loadSerial++
    this.goods = []
    this.total = 0
    this.nextOffset = 0
    this.loading = false
    this.loadingMore = false
    this.loaded = false
    this.errorMessage = ''
    this.moreErrorMessage = ''
  }

  // ---- derived -------------------------------------------------------------------------------

  get hasMore(): boolean {
    return this.loaded && this.nextOffset < this.total
  }

  get canLoadMore(): boolean {
    return this.hasMore && !this.loading && !this.loadingMore && !this.errorMessage
  }

  get cards(): GoodsCard[] {
    return this.goods.map(goodsCard)
  }

  /** One of the four screens; a failed refresh over goods already shown still says it failed. */
  get view(): 'loading' | 'error' | 'empty' | 'goods' {
    if (this.errorMessage) return 'error'
    if (!this.loaded) return 'loading'
    return this.goods.length === 0 ? 'empty' : 'goods'
  }

  get refreshing(): boolean {
    return this.loading && this.loaded
  }

  get footer(): GoodsListFooter {
    if (this.view !== 'goods') return 'none'
    if (this.loadingMore) return 'loading'
    if (this.moreErrorMessage) return 'error'
    return this.hasMore ? 'none' : 'end'
  }
}

function uniqueById(shown: readonly Goods[], incoming: readonly Goods[]): Goods[] {
  const seen = new Set(shown.map((g) => g.id))
  const out = [...shown]
  for (const goods of incoming) {
    if (seen.has(goods.id)) continue
    seen.add(goods.id)
    out.push(goods)
  }
  return out
}

export const goodsListStore = new GoodsListStore()
