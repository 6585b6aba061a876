/**
 * The spec popup's choice, pure: which spec values can still be picked (a value is disabled when
 * every SKU carrying it, with the other picks, is sold out), which SKU the picks name, and how
 * many of it one order may take (contract/order-rules.ts maxQuantity).
 */
import type { GoodsDetail, Sku } from '../../contract/goods-schemas'
import { ORDER_RULES, maxQuantity } from '../../contract/order-rules'
import { specText } from '../../contract/goods-rules'
import { priceLabel } from '../../core/money'

export interface SpecValueView {
  value: string
  selected: boolean
  disabled: boolean
}

export interface SpecDimensionView {
  name: string
  values: SpecValueView[]
}

export interface SkuChoiceView {
  dimensions: SpecDimensionView[]
  /** The SKU the picks name, or null until every dimension is picked. */
  skuId: string
  price: string
  image: string
  /** 已选 红色 / M, or 请选择 颜色 / 尺码. */
  hint: string
  stockText: string
  /** 1 when nothing can be bought. */
  max: number
  quantity: number
  canBuy: boolean
}

/** One pick per dimension, '' where nothing is picked yet. */
export type SpecPicks = string[]

function matches(sku: Sku, picks: SpecPicks, except: number): boolean {
  return picks.every((pick, j) => j === except || pick === '' || sku.specValues[j] === pick)
}

export function isValueAvailable(goods: GoodsDetail, picks: SpecPicks, dimension: number, value: string): boolean {
  return goods.skus.some((sku) => sku.stock > 0 && sku.specValues[dimension] === value && matches(sku, picks, dimension))
}

export function chosenSku(goods: GoodsDetail, picks: SpecPicks): Sku | null {
  if (picks.length !== goods.specs.length || picks.some((p) => p === '')) return null
  return goods.skus.find((sku) => sku.specValues.length === picks.length && picks.every((p, i) => sku.specValues[i] === p)) ?? null
}

/**
 * The first picks: a goods without specs has its one SKU; where a dimension has only one value
 * left in stock it is picked for the shopper.
 */
export function initialPicks(goods: GoodsDetail): SpecPicks {
  const picks: SpecPicks = goods.specs.map(() => '')
  goods.specs.forEach((dim, i) => {
    const open = dim.values.filter((v) => isValueAvailable(goods, picks, i, v))
    if (open.length === 1) picks[i] = open[0] ?? ''
  })
  return picks
}

/** Tapping a value picks it, tapping it again unpicks it; a disabled value changes nothing. */
export function togglePick(goods: GoodsDetail, picks: SpecPicks, dimension: number, value: string): SpecPicks {
  if (picks[dimension] !== value && !isValueAvailable(goods, picks, dimension, value)) return picks
  const next = [...picks]
  next[dimension] = picks[dimension] === value ? '' : value
  return next
}

export function clampQuantity(quantity: number, max: number): number {
  if (!Number.isFinite(quantity)) return 1
  return Math.max(1, Math.min(Math.floor(quantity), Math.max(1, max)))
}

function priceRange(goods: GoodsDetail): string {
  return goods.priceMaxFen > goods.priceFen ? `${priceLabel(goods.priceFen)}起` : priceLabel(goods.priceFen)
}

export function skuChoiceView(goods: GoodsDetail, picks: SpecPicks, quantity: number): SkuChoiceView {
  const sku = chosenSku(goods, picks)
  const onSale = goods.status === 'on_sale'
  const max = sku && sku.stock > 0 ? maxQuantity(sku.stock, sku.limitPerOrder) : 1
  const missing = goods.specs.filter((_, i) => picks[i] === '').map((d) => d.name)
  let stockText = ''
  if (sku) stockText = sku.stock > 0 ? `库存 ${sku.stock} 件${sku.limitPerOrder !== null ? `，每单限购 ${sku.limitPerOrder} 件` : ''}` : '已售罄'
  return {
    dimensions: goods.specs.map((dim, i) => ({
      name: dim.name,
      values: dim.values.map((value) => ({ value, selected: picks[i] === value, disabled: !isValueAvailable(goods, picks, i, value) })),
    })),
    skuId: sku?.id ?? '',
    price: sku ? priceLabel(sku.priceFen) : priceRange(goods),
    image: sku?.image ?? goods.images[0] ?? '',
    hint: missing.length > 0 ? `请选择 ${missing.join(' / ')}` : sku && sku.specValues.length > 0 ? `已选 ${specText(sku.specValues)}` : '',
    stockText: onSale ? stockText : '商品已下架',
    max,
    // Kept while a pick is undone, so choosing another value does not lose the count.
    quantity: sku ? clampQuantity(quantity, max) : clampQuantity(quantity, ORDER_RULES.maxQuantityPerItem),
    canBuy: onSale && sku !== null && sku.stock > 0,
  }
}
