/**
 * What a shopper sees of one goods item, on the shelf and on its detail page. Pure: prices stay
 * fen until here, and "sold out" is decided once for both screens.
 */
import type { Goods } from './api-types'
import { priceLabel } from './money'

export interface GoodsCard {
  id: string
  title: string
  /** '' when the goods has no image: the card draws a blank cover instead. */
  image: string
  price: string
  soldOut: boolean
}

export interface GoodsDetailView extends GoodsCard {
  images: string[]
  /** 已售罄, or how many are left. */
  stockText: string
}

/** An item taken off sale stays visible to shoppers who saved it, but cannot be bought. */
export function isSoldOut(goods: Pick<Goods, 'stock' | 'status'>): boolean {
  return goods.stock <= 0 || goods.status === 'off_sale'
}

export function goodsCard(goods: Goods): GoodsCard {
  return {
    id: goods.id,
    title: goods.title,
    image: goods.images[0] ?? '',
    price: priceLabel(goods.priceFen),
    soldOut: isSoldOut(goods),
  }
}

export function goodsDetailView(goods: Goods): GoodsDetailView {
  const card = goodsCard(goods)
  return { ...card, images: [...goods.images], stockText: card.soldOut ? '已售罄' : `库存 ${goods.stock} 件` }
}

