/**
 * What the goods shelf and the explain card of a live room render for a shelf goods. Yuan text and
 * "sold out" are decided as on the goods pages (core/goods-view.ts), so both screens agree.
 */
import type { ShelfGoods } from './live-types'
import { isSoldOut, type GoodsCard } from '../../core/goods-view'
import { priceLabel } from '../../core/money'

export function shelfItem(goods: ShelfGoods): GoodsCard {
  return { id: goods.id, title: goods.title, image: goods.image, price: priceLabel(goods.priceFen), soldOut: isSoldOut(goods) }
}

export function shelfItems(goods: readonly ShelfGoods[]): GoodsCard[] {
  return goods.map(shelfItem)
}
