/**
 * A live room's goods shelf: a button with the goods count that opens a bottom popup listing the
 * room's shelf goods in shelf order. Viewers tap a goods to open it (`select`) or its 立即购买 to
 * buy it over the video (`buy`); the anchor's
 * console uses the same list to explain a goods or stop (`explain`, goodsId '' = stop). The
 * component only renders what it is given and says what was tapped: pages decide what happens.
 * Its writes take their turn in the room's one frame (core/frame-scheduler.ts) with the page's.
 */
import { shelfItems } from '../../core/shelf-items'
import type { GoodsCard } from '../../../core/goods-view'
import type { ShelfGoods } from '../../core/live-types'
import { postToView, releaseFrameSlot } from '../frame-view'

interface ItemDataset {
  goodsId?: string
}
type ItemTap = WechatMiniprogram.BaseEvent<Record<string, never>, ItemDataset>

Component({
  properties: {
    goods: { type: Array, value: [] as ShelfGoods[] },
    /** 'viewer': a tap opens the goods; 'anchor': each goods has 讲解 / 停止讲解. */
    role: { type: String, value: 'viewer' },
    /** The goods now explained to the room ('' for none). */
    explainingId: { type: String, value: '' },
  },
  data: {
    open: false,
    items: [] as GoodsCard[],
  },
  observers: {
    goods(goods: ShelfGoods[] | null): void {
      postToView(this, { items: shelfItems(goods ?? []) })
    },
  },
  lifetimes: {
    detached(): void {
      releaseFrameSlot(this)
    },
  },
  methods: {
    openShelf(): void {
      postToView(this, { open: true }, { urgent: true })
    },
    closeShelf(): void {
      postToView(this, { open: false }, { urgent: true })
    },
    onSelect(e: ItemTap): void {
      const { goodsId } = e.currentTarget.dataset
      if (!goodsId || this.data.role !== 'viewer') return
      // Coming back from the goods page, the room should show the live, not the list.
      postToView(this, { open: false }, { urgent: true })
      this.triggerEvent('select', { goodsId })
    },
    onBuy(e: ItemTap): void {
      const { goodsId } = e.currentTarget.dataset
      if (!goodsId || this.data.role !== 'viewer') return
      // The buy popup opens over the video; the shelf would cover it.
      postToView(this, { open: false }, { urgent: true })
      this.triggerEvent('buy', { goodsId })
    },
    onExplain(e: ItemTap): void {
      const { goodsId } = e.currentTarget.dataset
      if (goodsId) this.triggerEvent('explain', { goodsId })
    },
    onStopExplain(): void {
      this.triggerEvent('explain', { goodsId: '' })
    },
  },
})
