/**
 * 我的订单 as the UI sees it: the active tab and its orders. Shared by the list and the order
 * page: an order the order page changed (cancelled, received, refund asked) is replaced here, or
 * leaves the tab it no longer belongs to, so going back shows it right without a reload.
 */
import { makeAutoObservable } from 'mobx-miniprogram'
import type { Order } from '../../contract/order-schemas'
import { ORDER_TABS, type OrderTabKey } from '../../contract/order-rules'
import { orderCard, type OrderCard } from '../core/order-view'

export function isOrderTab(key: string | undefined): key is OrderTabKey {
  return ORDER_TABS.some((t) => t.key === key)
}

export class OrderListStore {
  tab: OrderTabKey = 'created'
  orders: readonly Order[] = []
  total = 0
  loading = false
  loaded = false
  errorMessage = ''
  private serial = 0

  constructor() {
    makeAutoObservable<OrderListStore, 'serial'>(this, { serial: false }, { autoBind: true })
  }

  /** Returns the ticket the answer must carry: switching tabs outdates a load on its way. */
  loadStarted(tab: OrderTabKey): number {
    if (tab !== this.tab) {
      this.orders = []
      this.loaded = false
    }
    this.tab = tab
    this.loading = true
    this.errorMessage = ''
    return ++this.serial
  }

  loadSucceeded(ticket: number, orders: readonly Order[], total: number): void {
    if (ticket !== this.serial) return
    this.orders = [...orders]
    this.total = total
    this.loading = false
    this.loaded = true
  }

  loadFailed(ticket: number, message: string): void {
    if (ticket !== this.serial) return
    this.loading = false
    this.errorMessage = message
  }

  orderChanged(order: Order): void {
    const states: readonly string[] = ORDER_TABS.find((t) => t.key === this.tab)?.states ?? []
    const known = this.orders.some((o) => o.id === order.id)
    if (!known) return
    this.orders = states.includes(order.state) ? this.orders.map((o) => (o.id === order.id ? order : o)) : this.orders.filter((o) => o.id !== order.id)
  }

  get tabs(): { key: OrderTabKey; label: string; active: boolean }[] {
    return ORDER_TABS.map((t) => ({ key: t.key, label: t.label, active: t.key === this.tab }))
  }

  get cards(): OrderCard[] {
    return this.orders.map(orderCard)
  }

  get view(): 'loading' | 'error' | 'empty' | 'orders' {
    if (this.errorMessage) return 'error'
    if (!this.loaded) return 'loading'
    return this.orders.length === 0 ? 'empty' : 'orders'
  }
}

export const orderListStore = new OrderListStore()
