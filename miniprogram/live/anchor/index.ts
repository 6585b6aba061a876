/**
 * Anchor console (live subpackage): permission check, preview, go live, end live (confirmed),
 * camera / mute / beauty / whiteness / mirror, and the room's title, online count, network
 * quality and duration, the goods shelf from which the anchor explains a goods to every viewer,
 * and the live comments (the anchor may comment too while live).
 * Everything it shows comes from the live-room store.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings'
import { liveRoomStore } from '../stores/live-room'
import { zegoLive } from '../services/zego/index'
import { durationText } from '../core/live-status'
import { explainFailureText } from '../core/explain'
import type { LiveAction } from '../core/live-status'
import { provideZegoEngine } from '../services/zego/engine-factory'
import { openRoomPoster } from '../../services/navigation'

interface AnchorPageState {
  ticket: number
  timer: ReturnType<typeof setInterval> | null
}
const pages = new WeakMap<object, AnchorPageState>()

ComponentWithStore({
  properties: {
    roomId: { type: String, value: '' },
  },
  data: {
    muted: false,
    mirror: false,
    beauty: 3,
    whiteness: 2,
    durationText: '00:00',
    confirmingEnd: false,
  },
  storeBindings: {
    store: liveRoomStore,
    fields: {
      status: 'status',
      isLive: 'isLive',
      canGoLive: 'canGoLive',
      permission: 'permission',
      title: 'title',
      onlineText: 'onlineText',
      qualityLevel: 'qualityLevel',
      qualityText: 'qualityText',
      pushStreamId: () => liveRoomStore.info?.streamId ?? '',
      shelfGoods: 'shelfGoods',
      explainingGoods: 'explainingGoods',
      explainError: () => (liveRoomStore.explainFailure ? explainFailureText(liveRoomStore.explainFailure) : ''),
    },
    actions: {},
  },
  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      provideZegoEngine()
      const ticket = zegoLive.open('anchor', query.roomId ?? '')
      // Duration ticks once a second while live: one small setData, nothing else.
      const timer = setInterval(() => this.tickDuration(), 1000)
      pages.set(this, { ticket, timer })
      void zegoLive.checkPermission()
      void zegoLive.enter()
    },
    onShow(): void {
      // Back from WeChat's settings page: check again.
      const p = liveRoomStore.permission
      if (p === 'denied' || p === 'outdated') void zegoLive.checkPermission()
    },
    onUnload(): void {
      const state = pages.get(this)
      if (!state) return
      if (state.timer) clearInterval(state.timer)
      zegoLive.close(state.ticket)
      pages.delete(this)
    },
    tickDuration(): void {
      const since = liveRoomStore.liveSince
      const text = durationText(since === null ? 0 : (Date.now() - since) / 1000)
      if (text !== this.data.durationText) this.setData({ durationText: text })
    },
    onStatusAction(): void {
      const action = liveRoomStore.status.action as LiveAction
      if (action === 'end-live') this.setData({ confirmingEnd: true })
      else void zegoLive.perform(action)
    },
    confirmEnd(): void {
      this.setData({ confirmingEnd: false })
      zegoLive.endLive()
    },
    cancelEnd(): void {
      this.setData({ confirmingEnd: false })
    },
    /** From the shelf: a goods ID to explain, or '' to stop. */
    onExplain(e: WechatMiniprogram.CustomEvent<{ goodsId: string }>): void {
      if (e.detail.goodsId) zegoLive.explain.show(e.detail.goodsId)
      else zegoLive.explain.stop()
    },
    onStopExplain(): void {
      zegoLive.explain.stop()
    },
    retryExplain(): void {
      zegoLive.explain.retry()
    },
    /** 海报: the room's poster with its code, for the anchor to save or send before and during the live. */
    onPoster(): void {
      const roomId = liveRoomStore.info?.id ?? this.data.roomId
      // A refused navigation (page stack full) keeps the console as it is; the anchor can tap again.
      if (roomId) void openRoomPoster(roomId).catch(() => undefined)
    },
    switchCamera(): void {
      zegoLive.switchCamera()
    },
    toggleMute(): void {
      this.setData({ muted: !this.data.muted })
    },
    toggleMirror(): void {
      this.setData({ mirror: !this.data.mirror })
    },
    onBeauty(e: WechatMiniprogram.SliderChange): void {
      this.setData({ beauty: e.detail.value })
    },
    onWhiteness(e: WechatMiniprogram.SliderChange): void {
      this.setData({ whiteness: e.detail.value })
    },
  },
})
