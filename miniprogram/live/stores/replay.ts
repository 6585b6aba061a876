/**
 * What the replay page shows: the live being replayed (its segments in order), where playback is,
 * the goods explained at that moment, the shelf and the timeline, and the commands that load it
 * through its source of server answers and follow the video's events; never calls wx.*. The page
 * binds its fields and forwards events. A jump or a fresh set of URLs sets `seekTo`, which the page
 * hands to the video once and clears.
 *
 * A URL that fails (a signed URL that expired, or a CDN that refused it) is asked for again and
 * the same live resumes where it was; a second failure on a URL just refreshed is a real playback
 * failure and says so.
 */
import { makeAutoObservable } from 'mobx-miniprogram'
import type { RoomReplay, ReplaySegment } from '../../core/api-types'
import type { ShelfGoods } from '../core/live-types'
import { explainedAt, firstExplainOf, momentOf, orderedSegments, positionOf, timelineItems, urlExpired, type ReplayPosition, type TimelineItem } from '../core/replay-timeline'
import { serverReplaySource, type ReplaySource } from '../services/replay-source'

const loadFailure = (err: unknown): string => `回放加载失败：${err instanceof Error ? err.message : '网络异常'}，请重试`

export type ReplayView = 'loading' | 'ready' | 'empty' | 'error' | 'finished'

export class ReplayStore {
  view: ReplayView = 'loading'
  errorMessage = ''
  title = ''
  replays: readonly RoomReplay[] = []
  /** Which of `replays` plays (newest first, as the server lists them). */
  replayIndex = 0
  segments: readonly ReplaySegment[] = []
  shelfGoods: readonly ShelfGoods[] = []
  position: ReplayPosition = { index: 0, seconds: 0 }
  /** A position the video must seek to (a jump, or resuming on a refreshed URL); null when none waits. */
  seekTo: ReplayPosition | null = null
  /** The video failed and fresh URLs are being asked for. */
  refreshing = false
  /** The room being replayed ('' before a page opened one). */
  roomId = ''
  /** URLs of segments refreshed since the page opened: an error on one of these is not an expired URL. */
  private refreshedUrls = new Set<string>()
  /** Only the latest load may write its answer; one finishing after the page closed is dropped. */
  private loadSerial = 0

  constructor(private readonly source: ReplaySource = serverReplaySource) {
    // The commands are not actions: each step they take is one, so the bindings render the
    // spinner before the request goes out.
    makeAutoObservable<ReplayStore, 'source' | 'refreshedUrls' | 'loadSerial' | 'refreshUrls'>(
      this,
      { source: false, refreshedUrls: false, loadSerial: false, open: false, retry: false, videoEnded: false, videoFailed: false, refreshUrls: false },
      { autoBind: true },
    )
  }

  // ---- commands (the page forwards to these) -------------------------------------------------

  /** The page opened on a room. Resolves when the store holds the replays or the failure; never rejects. */
  async open(roomId: string): Promise<void> {
    this.refreshedUrls = new Set()
    await this.load(roomId)
  }

  /** 重试 after a failure. */
  async retry(): Promise<void> {
    await this.load(this.roomId)
  }

  /** The video reached its end: on to the next segment, whose URL may have expired while the previous one played. */
  videoEnded(): void {
    this.segmentEnded()
    const next = this.current
    if (next !== null && this.view === 'ready' && urlExpired(next, this.source.nowSeconds())) void this.refreshUrls(next.url)
  }

  /** The video could not play its segment. */
  videoFailed(): void {
    const failed = this.current
    if (failed !== null) void this.refreshUrls(failed.url)
  }

  private async load(roomId: string): Promise<void> {
    const ticket = this.loadStarted(roomId)
    if (!roomId) return this.failed('没有指定直播间')
    try {
      const answer = await this.source.replays(roomId)
      if (ticket === this.loadSerial) this.loaded(answer.title, answer.replays, answer.shelfGoods)
    } catch (err) {
      if (ticket === this.loadSerial) this.failed(loadFailure(err))
    }
  }

  private async refreshUrls(failedUrl: string): Promise<void> {
    if (this.refreshing) return
    if (this.refreshedUrls.has(failedUrl)) return this.failed('视频播放失败，请检查网络后重试')
    const ticket = this.loadSerial
    this.refreshStarted()
    try {
      const answer = await this.source.replays(this.roomId)
      if (ticket !== this.loadSerial) return
      this.refreshed(answer.replays)
      for (const s of this.segments) this.refreshedUrls.add(s.url)
    } catch (err) {
      if (ticket === this.loadSerial) this.failed(loadFailure(err))
    }
  }

  // ---- actions -------------------------------------------------------------------------------

  /** Returns the ticket the answer must carry. */
  loadStarted(roomId: string): number {
    this.reset()
    this.roomId = roomId
    return this.loadSerial
  }

  reset(): void {
    this.loadSerial++
    this.roomId = ''
    this.view = 'loading'
    this.errorMessage = ''
    this.title = ''
    this.replays = []
    this.replayIndex = 0
    this.segments = []
    this.shelfGoods = []
    this.position = { index: 0, seconds: 0 }
    this.seekTo = null
    this.refreshing = false
  }

  loaded(title: string, replays: readonly RoomReplay[], shelfGoods: readonly ShelfGoods[]): void {
    this.title = title
    this.replays = replays
    this.shelfGoods = shelfGoods
    this.choose(0)
  }

  failed(message: string): void {
    this.refreshing = false
    this.errorMessage = message
    this.view = 'error'
  }

  /** Another live of the same room (the list under the video). */
  choose(index: number): void {
    const replay = this.replays[index]
    this.replayIndex = index
    this.segments = replay === undefined ? [] : orderedSegments(replay.segments)
    this.position = { index: 0, seconds: 0 }
    this.seekTo = null
    this.view = this.segments.length === 0 ? 'empty' : 'ready'
  }

  timeUpdated(seconds: number): void {
    if (Number.isFinite(seconds) && seconds >= 0) this.position = { index: this.position.index, seconds }
  }

  /** The video reached its end: on to the next segment, or the replay is over. */
  segmentEnded(): void {
    const next = this.position.index + 1
    if (next < this.segments.length) this.position = { index: next, seconds: 0 }
    else this.view = 'finished'
  }

  /** 重新播放 after the end. */
  restart(): void {
    this.position = { index: 0, seconds: 0 }
    this.seekTo = { index: 0, seconds: 0 }
    this.view = 'ready'
  }

  /** 看讲解: to where the goods was first explained. */
  jumpToGoods(goodsId: string): void {
    const replay = this.replays[this.replayIndex]
    const atMs = replay === undefined ? null : firstExplainOf(replay.explains, goodsId)
    if (atMs !== null) this.jumpTo(atMs)
  }

  jumpTo(atMs: number): void {
    const to = positionOf(this.segments, atMs)
    this.position = to
    this.seekTo = to
    this.view = 'ready'
  }

  seekDone(): void {
    this.seekTo = null
  }

  refreshStarted(): void {
    this.refreshing = true
  }

  /** Fresh URLs for the same live: playback resumes where it was. */
  refreshed(replays: readonly RoomReplay[]): void {
    this.refreshing = false
    const current = this.replays[this.replayIndex]
    const index = replays.findIndex((r) => r.sessionId === current?.sessionId)
    if (index < 0) return this.failed('这场回放已不可用，请返回重试')
    const at = this.position
    this.replays = replays
    this.replayIndex = index
    this.segments = orderedSegments(replays[index]!.segments)
    this.position = at
    this.seekTo = at
  }

  get current(): ReplaySegment | null {
    return this.view === 'ready' || this.view === 'finished' ? (this.segments[this.position.index] ?? null) : null
  }

  get explainingGoods(): ShelfGoods | null {
    const replay = this.replays[this.replayIndex]
    if (replay === undefined || this.segments.length === 0) return null
    const goodsId = explainedAt(replay.explains, momentOf(this.segments, this.position))
    return this.shelfGoods.find((g) => g.id === goodsId) ?? null
  }

  get timeline(): TimelineItem[] {
    const replay = this.replays[this.replayIndex]
    return replay === undefined ? [] : timelineItems(replay.explains, this.segments, this.shelfGoods.map((g) => g.id))
  }

  /** Shelf goods that were explained in this live: they get 看讲解. */
  get explainedIds(): string[] {
    return [...new Set(this.timeline.map((t) => t.goodsId))]
  }
}

export const replayStore = new ReplayStore()
