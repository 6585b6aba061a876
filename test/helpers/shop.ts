/**
 * Shared set-up for buying tests: the fake merchant server with the shop routes, the shopper's
 * answers to WeChat's dialogs reset, result polling without waits, and readers for the buy popup.
 */
import { FakeServer } from '../fakes/server-api'
import { ShopServer, makeGoodsDetail } from '../fakes/shop-server'
import { wxShopper } from '../fakes/wx-shopper'
import { resultPolling } from '../../miniprogram/shop/core/timing'
import { settle, text, type SimPage } from './live'

export { makeGoodsDetail }

/** 颜色 × 尺码, 红/M sold out, 蓝/L limited to 2 per order, 蓝/M at 2990 fen with 3 left. */
export function scarf(): ReturnType<typeof makeGoodsDetail> {
  return makeGoodsDetail(
    'scarf',
    [
      { name: '颜色', values: ['红色', '蓝色'] },
      { name: '尺码', values: ['M', 'L'] },
    ],
    (v) => {
      const key = v.join('/')
      if (key === '红色/M') return { stock: 0 }
      if (key === '蓝色/L') return { stock: 8, limitPerOrder: 2 }
      if (key === '蓝色/M') return { stock: 3, priceFen: 2990 }
      return { stock: 5 }
    },
  )
}

export function useShop(server: FakeServer): ShopServer {
  wxShopper.reset()
  resultPolling.delaysMs = [0, 0, 0]
  const shop = new ShopServer(server)
  shop.addGoods(scarf(), makeGoodsDetail('soap', [], () => ({ priceFen: 1500, stock: 4 })))
  return shop
}

export type Node = NonNullable<ReturnType<SimPage['querySelector']>>

export function inPopup(page: SimPage, selector: string): Node | undefined {
  return page.querySelector(`#buy >>> ${selector}`) ?? undefined
}

export function popupText(page: SimPage): string {
  const root = inPopup(page, '.buy-popup')
  return (root?.dom?.textContent ?? '').replace(/\s+/g, ' ').trim()
}

/** Each spec value as "红色" with [已选] / [不可选] marks, in the popup's order. */
export function specValues(page: SimPage): string[] {
  return page.querySelectorAll('#buy >>> .buy-popup__value').map((n) => {
    const cls = n.dom?.getAttribute('class') ?? ''
    const marks = `${cls.includes('--selected') ? '[已选]' : ''}${cls.includes('--disabled') ? '[不可选]' : ''}`
    return `${(n.dom?.textContent ?? '').trim()}${marks}`
  })
}

export async function tapIn(page: SimPage, selector: string, event = 'tap'): Promise<void> {
  const node = inPopup(page, selector)
  if (!node) throw new Error(`${selector} is not in the buy popup; it shows: "${popupText(page)}"`)
  node.dispatchEvent(event)
  await settle(10)
}

export async function pick(page: SimPage, value: string): Promise<void> {
  const node = page.querySelectorAll('#buy >>> .buy-popup__value').find((n) => (n.dom?.textContent ?? '').trim() === value)
  if (!node) throw new Error(`no spec value ${value}; the popup shows ${JSON.stringify(specValues(page))}`)
  node.dispatchEvent('tap')
  await settle()
}

/** What the popup holds as its own data (component data, not a store). */
export function popupData<T = { choice: { quantity: number; max: number; canBuy: boolean } | null; step: string }>(page: SimPage): T {
  const popup = page.querySelector('#buy') as unknown as { data: T } | undefined
  if (!popup) throw new Error('the page renders no #buy popup')
  return popup.data
}

export function quantity(page: SimPage): number {
  return popupData(page).choice?.quantity ?? 0
}

export async function waitFor(page: SimPage, done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 60 && !done(); i++) await settle(2)
  if (!done()) throw new Error(`${what} never happened; the page shows: "${text(page)}"`)
}

export { settle, text }
