/**
 * Goods shelf (tab page): everything a shopper may see, newest first, a page at a time as they
 * scroll. Data comes from the merchant server through the goods-list store; a tap opens the goods
 * page through the navigation service. The 我的订单 entry at the top leads to the shop subpackage.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings'
import { goodsListStore } from '../../stores/goods-list'
import { openGoodsDetail, openOrders } from '../../services/navigation'
import { stopPullDownRefresh } from '../../services/wx-live'

interface GoodsTapDataset {
  goodsId?: string
}

ComponentWithStore({
  data: {},
  storeBindings: {
    store: goodsListStore,
    fields: {
      view: 'view',
      cards: 'cards',
      refreshing: 'refreshing',
      footer: 'footer',
      errorMessage: 'errorMessage',
      moreErrorMessage: 'moreErrorMessage',
    },
    actions: {},
  },
  methods: {
    onLoad(): void {
      void goodsListStore.loadFirstPage()
    },
    async onPullDownRefresh(): Promise<void> {
      await goodsListStore.loadFirstPage()
      stopPullDownRefresh()
    },
    onReachBottom(): void {
      void goodsListStore.loadNextPage()
    },
    onRetry(): void {
      void goodsListStore.loadFirstPage()
    },
    onRetryMore(): void {
      void goodsListStore.loadNextPage(true)
    },
    onOpenOrders(): void {
      void openOrders().catch(() => undefined)
    },
    onGoodsTap(e: WechatMiniprogram.BaseEvent<Record<string, never>, GoodsTapDataset>): void {
      const { goodsId } = e.currentTarget.dataset
      // A failed navigation (page stack full) leaves the shelf as it is; the shopper can tap again.
      if (goodsId) void openGoodsDetail(goodsId).catch(() => undefined)
    },
  },
})
