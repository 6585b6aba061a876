/**
 * Goods detail, opened from the shelf, from a live room (WeChat's live plugin and our viewer both
 * pass `room_id`) or from a share card. 立即购买 opens the buy popup over the page; the order names
 * the room only when our own live room lies underneath (a WeChat live room's ID is not ours).
 */
import { ApiError, fetchGoods } from '../../services/api'
import { isFirstPage, navigateBack, pagesAboveLiveRoom } from '../../services/navigation'
import { goHome } from '../../services/wx-live'
import { goodsDetailView, type GoodsDetailView } from '../../core/goods-view'
import { goodsDetailPath } from '../../core/page-routes'
import { enableShareTicket, reportShareOpen, shareCard, shareTokenFor } from '../../services/share'

type DetailState = 'loading' | 'ready' | 'not_found' | 'error' | 'missing'

/** Only the latest load of a page may write its answer; an unloaded page accepts none. */
const loads = new WeakMap<object, number>()

function messageOf(err: unknown): string {
  return err instanceof Error && err.message ? err.message : '加载失败，请稍后重试'
}

Component({
  data: {
    goodsId: '',
    roomId: '',
    state: 'loading' as DetailState,
    message: '',
    goods: null as GoodsDetailView | null,
    /** A live room lies underneath: going back returns to it. */
    backToRoom: false,
    /** Nothing underneath (share card, scan): the page offers the way home instead. */
    showHome: false,
    buyOpen: false,
    /** Our live room underneath, which the order credits ('' otherwise). */
    buyRoomId: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const first = isFirstPage()
      const roomId = query.room_id ?? ''
      // A shared card keeps room_id, but the friend who opens it has no room behind this page.
      this.setData({ goodsId: query.goodsId ?? '', roomId, backToRoom: Boolean(roomId) && !first, showHome: first })
      if (!query.goodsId) {
        this.setData({ state: 'missing', message: '没有指定商品' })
        return
      }
      enableShareTicket()
      void shareTokenFor(this.shareTarget())
      void reportShareOpen(query)
      void this.load()
    },
    onUnload(): void {
      loads.delete(this)
    },
    async load(): Promise<void> {
      const ticket = (loads.get(this) ?? 0) + 1
      loads.set(this, ticket)
      this.setData({ state: 'loading', message: '' })
      try {
        const { goods } = await fetchGoods(this.data.goodsId)
        if (loads.get(this) !== ticket) return
        this.setData({ state: 'ready', goods: goodsDetailView(goods) })
      } catch (err) {
        if (loads.get(this) !== ticket) return
        // The server answers 404 for drafts too: to a shopper both are simply not there.
        if (err instanceof ApiError && err.status === 404) this.setData({ state: 'not_found', message: '商品不存在或已下架' })
        else this.setData({ state: 'error', message: messageOf(err) })
      }
    },
    onBuy(): void {
      if (this.data.state !== 'ready' || this.data.goods?.soldOut) return
      this.setData({ buyOpen: true, buyRoomId: this.data.roomId && pagesAboveLiveRoom() > 0 ? this.data.roomId : '' })
    },
    onBuyClose(): void {
      this.setData({ buyOpen: false })
    },
    onRetry(): void {
      void this.load()
    },
    backToLiveRoom(): void {
      // navigateBack keeps the live room (and WeChat's mini-window) alive; switchTab/reLaunch would not.
      // It fails only when nothing is underneath after all, and then home is the way on.
      void navigateBack().catch(() => goHome())
    },
    goHome(): void {
      goHome()
    },
    shareTarget(): { goodsId: string; roomId?: string } {
      return this.data.roomId ? { goodsId: this.data.goodsId, roomId: this.data.roomId } : { goodsId: this.data.goodsId }
    },
    onShareAppMessage(): WechatMiniprogram.Page.IAsyncCustomShareContent {
      const goods = this.data.goods
      // room_id stays so that the room that sold it is still credited when a friend opens it.
      return shareCard({ title: goods?.title || '来看看这件好物', path: goodsDetailPath(this.data.goodsId, this.data.roomId || undefined), imageUrl: goods?.image || undefined }, this.shareTarget())
    },
  },
})
