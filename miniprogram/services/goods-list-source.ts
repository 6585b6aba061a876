/**
 * What the goods-list store asks of the outside world: a page of goods from the merchant server.
 * The store is built with the server-backed source below; its tests hand it a fake one.
 */
import type { GoodsListResponse } from '../core/api-types'
import { fetchGoodsList } from './api'

export interface GoodsListSource {
  /** `limit` goods from `offset`, newest first; rejects with a readable message on failure. */
  goodsPage(offset: number, limit: number): Promise<GoodsListResponse>
}

export const serverGoodsListSource: GoodsListSource = {
  goodsPage: fetchGoodsList,
}
