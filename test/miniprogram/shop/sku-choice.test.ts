import { chosenSku, initialPicks, isValueAvailable, skuChoiceView, togglePick } from '../../../miniprogram/shop/core/sku-choice'
import { makeGoodsDetail } from '../../fakes/shop-server'

const cup = makeGoodsDetail('cup', [{ name: '颜色', values: ['白', '黑'] }, { name: '容量', values: ['350ml', '500ml'] }], (v) => {
  const key = v.join('/')
  if (key.startsWith('白')) return { stock: 0 }
  if (key === '黑/500ml') return { priceFen: 8800, stock: 1200, limitPerOrder: null }
  return { priceFen: 6800, stock: 4, limitPerOrder: 3 }
})

describe('sku choice', () => {
  it('picks a dimension for the shopper when only one of its values is in stock', () => {
    expect(initialPicks(cup)).toEqual(['黑', ''])
  })

  it('disables a value none of whose SKUs is in stock, and ignores a tap on it', () => {
    expect(isValueAvailable(cup, ['', ''], 0, '白')).toBe(false)
    expect(togglePick(cup, ['', '350ml'], 0, '白')).toEqual(['', '350ml'])
    expect(togglePick(cup, ['黑', '350ml'], 1, '350ml')).toEqual(['黑', ''])
  })

  it('bounds the quantity by the limit, by stock and by the order maximum of 999; before a SKU the goods price range shows', () => {
    expect(chosenSku(cup, ['黑', '350ml'])?.id).toBe('cup-sku3')
    expect(skuChoiceView(cup, ['黑', '350ml'], 10)).toMatchObject({ max: 3, quantity: 3, price: '¥68.00', canBuy: true })
    expect(skuChoiceView(cup, ['黑', '500ml'], 5000)).toMatchObject({ max: 999, quantity: 999, price: '¥88.00' })
    expect(skuChoiceView(cup, ['黑', ''], 2)).toMatchObject({ skuId: '', price: '¥19.90起', hint: '请选择 容量', canBuy: false, quantity: 2 })
  })

  it('sells nothing of a goods taken off sale', () => {
    expect(skuChoiceView({ ...cup, status: 'off_sale' }, ['黑', '350ml'], 1)).toMatchObject({ canBuy: false, stockText: '商品已下架' })
  })
})
