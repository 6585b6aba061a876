/**
 * Replay of an ended room of ours (live subpackage), entered with `roomId`. Plays the live's segments in
 * order in a `<video>`, on to the next at the end of each; shows the goods explained at the moment
 * playing (讲解中), the timeline of explains and the shelf, where 看讲解 jumps to the moment a goods
 * was explained; buys through the buying popup over the video. A URL that fails (expired) is
 * asked for again and playback resumes where it was. Loading and playback state are the replay
 * store's (live/stores/replay.ts): the page binds it and forwards the video's events and taps.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings'
import { openGoodsDetail } from '../../services/navigation'
import type { ReplayPosition } from '../core/replay-timeline'
import { shelfItems } from '../core/shelf-items'
import { seekVideo } from '../services/replay-video'
import { replayStore } from '../stores/replay'

const VIDEO_ID = 'replay-video'

type GoodsEvent = WechatMiniprogram.CustomEvent<{ goodsId: string }>
type GoodsTap = WechatMiniprogram.BaseEvent<Record<string, never>, { goodsId?: string }>
type MomentTap = WechatMiniprogram.BaseEvent<Record<string, never>, { atMs?: number }>
type ReplayTap = WechatMiniprogram.BaseEvent<Record<string, never>, { index?: number }>

ComponentWithStore({
  properties: {
    roomId: { type: String, value: '' },
  },
  data: {
    /** The goods being bought in the popup over the video ('' when the popup is closed). */
    buyGoodsId: '',
    /** Where a newly set src starts (a jump into another segment, or a refreshed URL). */
    initialTime: 0,
  },
  storeBindings: {
    store: replayStore,
    fields: {
      view: 'view',
      errorMessage: 'errorMessage',
      title: 'title',
      refreshing: 'refreshing',
      current: 'current',
      segmentIndex: () => replayStore.position.index,
      segmentCount: () => replayStore.segments.length,
      seekTo: 'seekTo',
      explainingGoods: 'explainingGoods',
      replayIndex: 'replayIndex',
      replayCount: () => replayStore.replays.length,
      timeline: () => {
        const titles = new Map(replayStore.shelfGoods.map((g) => [g.id, g.title]))
        return replayStore.timeline.map((t) => ({ ...t, title: titles.get(t.goodsId) ?? '' }))
      },
      shelf: () => {
        const explained = new Set(replayStore.explainedIds)
        return shelfItems(replayStore.shelfGoods).map((g) => ({ ...g, explained: explained.has(g.id) }))
      },
    },
    actions: {},
  },
  observers: {
    seekTo(to: ReplayPosition | null): void {
      if (to === null) return
      // A new src starts at initial-time; the same src is moved by the context.
      this.setData({ initialTime: to.seconds })
      seekVideo(VIDEO_ID, this, to.seconds)
      replayStore.seekDone()
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      void replayStore.open(query.roomId ?? this.data.roomId)
    },
    onUnload(): void {
      replayStore.reset()
    },
    onRetry(): void {
      void replayStore.retry()
    },
    onTimeUpdate(e: WechatMiniprogram.CustomEvent<{ currentTime: number; duration: number }>): void {
      replayStore.timeUpdated(e.detail.currentTime)
    },
    onEnded(): void {
      this.setData({ initialTime: 0 })
      replayStore.videoEnded()
    },
    onVideoError(): void {
      replayStore.videoFailed()
    },
    onRestart(): void {
      replayStore.restart()
    },
    onChooseReplay(e: ReplayTap): void {
      const { index } = e.currentTarget.dataset
      if (typeof index === 'number') replayStore.choose(index)
    },
    /** A timeline entry: to that moment. */
    onTimelineTap(e: MomentTap): void {
      const { atMs } = e.currentTarget.dataset
      if (typeof atMs === 'number') replayStore.jumpTo(atMs)
    },
    /** 看讲解 on the shelf. */
    onWatchExplain(e: GoodsTap): void {
      const { goodsId } = e.currentTarget.dataset
      if (goodsId) replayStore.jumpToGoods(goodsId)
    },
    onBuyTap(e: GoodsTap): void {
      const { goodsId } = e.currentTarget.dataset
      if (goodsId) this.setData({ buyGoodsId: goodsId })
    },
    onBuyGoods(e: GoodsEvent): void {
      this.setData({ buyGoodsId: e.detail.goodsId })
    },
    onBuyClose(): void {
      this.setData({ buyGoodsId: '' })
    },
    onOpenGoods(e: GoodsEvent): void {
      void openGoodsDetail(e.detail.goodsId, this.data.roomId).catch(() => undefined)
    },
  },
})
