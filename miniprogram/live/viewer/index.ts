/**
 * Viewer room (live subpackage), entered from the room list or a share card with `roomId`. Plays
 * the anchor's stream when it appears and shows waiting / live / anchor-away / ended from the
 * live-room store, the room's goods shelf, the goods the anchor is explaining and the live comments
 * (which may be sent only while the server has the room live). Leaving the page leaves the room.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings'
import { liveRoomStore } from '../stores/live-room'
import { zegoLive } from '../services/zego/index'
import { goHome } from '../../services/wx-live'
import { navigateTo, openGoodsDetail } from '../../services/navigation'
import { posterPath, viewerPath } from '../../core/page-routes'
import type { LiveAction } from '../core/live-status'
import { provideZegoEngine } from '../services/zego/engine-factory'
import { enableShareTicket, reportShareOpen, shareCard, shareTokenFor } from '../../services/share'

const tickets = new WeakMap<object, number>()

ComponentWithStore({
  properties: {
    roomId: { type: String, value: '' },
  },
  data: {
    /** Opened straight from a share card: no page behind it to go back to. */
    showHome: false,
    /** The goods being bought in the popup over the video ('' when the popup is closed). */
    buyGoodsId: '',
  },
  storeBindings: {
    store: liveRoomStore,
    fields: {
      status: 'status',
      phase: 'viewerPhase',
      isLive: 'isLive',
      anchorStreamId: 'anchorStreamId',
      title: 'title',
      onlineText: 'onlineText',
      cover: () => liveRoomStore.info?.cover ?? '',
      shelfGoods: 'shelfGoods',
      explainingGoods: 'explainingGoods',
      // The server takes comments only while the room is live; it says so in the room it answers.
      commentsOpen: () => liveRoomStore.info?.status === 'live',
    },
    actions: {},
  },
  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      provideZegoEngine()
      this.setData({ showHome: getCurrentPages().length === 1 })
      tickets.set(this, zegoLive.open('viewer', query.roomId ?? ''))
      void zegoLive.enter()
      // Share cards: this viewer's own token for the room, and the card they came from, if any.
      enableShareTicket()
      if (query.roomId) void shareTokenFor({ roomId: query.roomId })
      void reportShareOpen(query)
    },
    onUnload(): void {
      const ticket = tickets.get(this)
      if (ticket === undefined) return
      zegoLive.close(ticket)
      tickets.delete(this)
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
      this.setData({ buyGoodsId: e.detail.goodsId })
    },
    onBuyClose(): void {
      this.setData({ buyGoodsId: '' })
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
      void navigateTo(posterPath(roomId)).catch(() => undefined)
    },
  },
})
