/**
 * Viewer room (live subpackage), entered from the room list or a share card with `roomId`. Plays
 * the anchor's stream when it appears and shows waiting / live / anchor-away / ended from the
 * live-room store, the room's goods shelf, the goods the anchor is explaining and the live comments
 * (which may be sent only while the server has the room live). Leaving the page leaves the room.
 */
import { liveRoomStore } from '../stores/live-room'
import { zegoLive } from '../services/zego/index'
import { goHome } from '../../services/wx-live'
import { openGoodsDetail, openRoomPoster } from '../../services/navigation'
import { viewerPath } from '../../core/page-routes'
import type { LiveAction } from '../core/live-status'
import { provideZegoEngine } from '../services/zego/engine-factory'
import { enableShareTicket, reportShareOpen, shareCard, shareTokenFor } from '../../services/share'
import { bindFrameFields, postToView, releaseFrameSlot } from '../components/frame-view'

/** Per loaded page: its room session and how to stop its store fields. */
const sessions = new WeakMap<object, { ticket: number; unbind: () => void }>()

Component({
  properties: {
    roomId: { type: String, value: '' },
  },
  data: {
    /** Opened straight from a share card: no page behind it to go back to. */
    showHome: false,
    /** The goods being bought in the popup over the video ('' when the popup is closed). */
    buyGoodsId: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      provideZegoEngine()
      postToView(this, { showHome: getCurrentPages().length === 1 })
      const ticket = zegoLive.open('viewer', query.roomId ?? '')
      // The store's fields reach the view through the room's one frame with the components' data.
      const unbind = bindFrameFields(this, {
        status: () => liveRoomStore.status,
        phase: () => liveRoomStore.viewerPhase,
        isLive: () => liveRoomStore.isLive,
        anchorStreamId: () => liveRoomStore.anchorStreamId,
        title: () => liveRoomStore.title,
        onlineText: () => liveRoomStore.onlineText,
        cover: () => liveRoomStore.info?.cover ?? '',
        shelfGoods: () => liveRoomStore.shelfGoods,
        explainingGoods: () => liveRoomStore.explainingGoods,
        // The server takes comments only while the room is live; it says so in the room it answers.
        commentsOpen: () => liveRoomStore.info?.status === 'live',
      })
      sessions.set(this, { ticket, unbind })
      void zegoLive.enter()
      // Share cards: this viewer's own token for the room, and the card they came from, if any.
      enableShareTicket()
      if (query.roomId) void shareTokenFor({ roomId: query.roomId })
      void reportShareOpen(query)
    },
    onUnload(): void {
      const session = sessions.get(this)
      if (session === undefined) return
      session.unbind()
      releaseFrameSlot(this)
      zegoLive.close(session.ticket)
      sessions.delete(this)
    },
    onStatusAction(): void {
      void zegoLive.perform(liveRoomStore.status.action as LiveAction)
    },
    /** From the shelf or the explain card; the goods page offers the way back to this room. */
    onOpenGoods(e: WechatMiniprogram.CustomEvent<{ goodsId: string }>): void {
      const roomId = liveRoomStore.info?.id ?? this.data.roomId
      // A refused navigation (page stack full) keeps the viewer in the room; they can tap again.
      void openGoodsDetail(e.detail.goodsId, roomId).catch(() => undefined)
    },
    /**
     * 立即购买 from the shelf or the explain card: the whole purchase happens in the popup over the
     * playing video, so the page stays and its stream keeps playing (nothing stops on page hide).
     */
    onBuyGoods(e: WechatMiniprogram.CustomEvent<{ goodsId: string }>): void {
      postToView(this, { buyGoodsId: e.detail.goodsId }, { urgent: true })
    },
    onBuyClose(): void {
      postToView(this, { buyGoodsId: '' }, { urgent: true })
    },
    goHome(): void {
      goHome()
    },
    onShareAppMessage(): WechatMiniprogram.Page.IAsyncCustomShareContent {
      const info = liveRoomStore.info
      const roomId = info?.id ?? this.data.roomId
      const card = { title: info?.title || '正在直播，快来看看', path: viewerPath(roomId), imageUrl: info?.cover || undefined }
      return shareCard(card, { roomId })
    },
    /** 海报: the room's poster with its code, to save or send (share subpackage). */
    onPoster(): void {
      const roomId = liveRoomStore.info?.id ?? this.data.roomId
      void openRoomPoster(roomId).catch(() => undefined)
    },
  },
})
