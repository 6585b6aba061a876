/**
 * The "讲解中" card over the video: the goods the anchor explains now. Viewers open the goods with
 * a tap on the card (`open` with the goods ID) or buy it with 立即购买 (`buy`); the anchor sees the same card with 停止讲解 (`stop`). Renders nothing
 * without goods, so pages can bind the store's derived `explainingGoods` as it is. Its writes take
 * their turn in the room's one frame (core/frame-scheduler.ts) with the page's.
 */
import { shelfItem } from '../../core/shelf-items'
import type { GoodsCard } from '../../../core/goods-view'
import type { ShelfGoods } from '../../core/live-types'
import { postToView, releaseFrameSlot } from '../frame-view'

Component({
  properties: {
    goods: { type: Object, value: null as ShelfGoods | null },
    role: { type: String, value: 'viewer' },
  },
  data: {
    card: null as GoodsCard | null,
  },
  observers: {
    goods(goods: ShelfGoods | null): void {
      postToView(this, { card: goods ? shelfItem(goods) : null })
    },
  },
  lifetimes: {
    detached(): void {
      releaseFrameSlot(this)
    },
  },
  methods: {
    onOpen(): void {
      const card = this.data.card
      // The whole card is the viewer's way to the goods; the anchor's card only stops.
      if (card && this.data.role === 'viewer') this.triggerEvent('open', { goodsId: card.id })
    },
    onBuy(): void {
      const card = this.data.card
      if (card && !card.soldOut && this.data.role === 'viewer') this.triggerEvent('buy', { goodsId: card.id })
    },
    onStop(): void {
      this.triggerEvent('stop')
    },
  },
})
