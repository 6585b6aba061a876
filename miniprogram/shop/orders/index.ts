/**
 * 我的订单: the tabs of ORDER_TABS (待付款 / 待发货 / 待收货 / 已完成 / 售后), each the server's list
 * for that tab (`GET /api/orders?state=`), through orderListStore. Coming back from an order page
 * re-reads the tab: payment and shipping move orders between tabs on the server.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings'
import { fetchOrders } from '../services/shop-api'
import { openOrderDetail } from '../../services/navigation'
import { stopPullDownRefresh } from '../../services/wx-live'
import { isOrderTab, orderListStore } from '../stores/order-list'
import type { OrderTabKey } from '../../contract/order-rules'

type TabTap = WechatMiniprogram.BaseEvent<Record<string, never>, { tab?: string; orderId?: string }>

const shown = new WeakMap<object, boolean>()

async function loadTab(tab: OrderTabKey): Promise<void> {
  const ticket = orderListStore.loadStarted(tab)
  try {
    const page = await fetchOrders(tab)
    orderListStore.loadSucceeded(ticket, page.orders, page.total)
  } catch (err) {
    orderListStore.loadFailed(ticket, err instanceof Error && err.message ? err.message : '加载失败，请稍后重试')
  }
}

ComponentWithStore({
  storeBindings: {
    store: orderListStore,
    fields: ['tabs', 'cards', 'view', 'errorMessage', 'loading'] as const,
    actions: {} as const,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      void loadTab(isOrderTab(query.tab) ? query.tab : 'created')
    },
    onShow(): void {
      // The first show follows onLoad's own load.
      if (shown.get(this)) void loadTab(orderListStore.tab)
      shown.set(this, true)
    },
    onUnload(): void {
      shown.delete(this)
    },
    onTab(e: TabTap): void {
      const { tab } = e.currentTarget.dataset
      if (isOrderTab(tab) && tab !== orderListStore.tab) void loadTab(tab)
    },
    onRetry(): void {
      void loadTab(orderListStore.tab)
    },
    async onPullDownRefresh(): Promise<void> {
      await loadTab(orderListStore.tab)
      stopPullDownRefresh()
    },
    onOpenOrder(e: TabTap): void {
      const { orderId } = e.currentTarget.dataset
      if (orderId) void openOrderDetail(orderId).catch(() => undefined)
    },
  },
})
