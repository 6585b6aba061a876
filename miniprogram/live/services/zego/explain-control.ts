/**
 * The anchor's "讲解中" command: names the explained goods in the room's extra info, which ZEGO
 * keeps per room and hands to every member, late ones included, as `roomExtraInfoUpdate`.
 *
 * ZEGO's rules (zego-platform.md §4.2): one key per room, 10 calls a second, and the previous
 * call's answer awaited before the next. So one call is in flight at a time and taps made
 * meanwhile collapse into the latest wish, sent when the answer is in. The sender gets no
 * `roomExtraInfoUpdate` of its own change, so a success updates the store here. A failure is
 * shown beside the live (the live itself goes on) and retried only when the anchor asks.
 */
import { encodeExplain, explainKey, explainValueFits, type ExplainFailure } from '../../core/explain'
import { liveRoomStore as store } from '../../stores/live-room'
import type { Session } from './session'
import type { ZegoEngine } from './sdk-types'
import { zegoSdkError } from './sdk-error'

export interface ExplainHost {
  session(): Session | null
  engine(): ZegoEngine
  /**
   * Tells the merchant server what the room now explains, so the replay's timeline has it. Best
   * effort, like the room status reports: the live never waits for it nor fails because of it.
   */
  report?(roomId: string, goodsId: string): void
}

function failureOf(goodsId: string, err: unknown): ExplainFailure {
  const { code, message } = zegoSdkError(err)
  return { goodsId, code, message: code === 0 && !message ? '网络异常，请重试' : message }
}

export class ExplainControl {
  /** The goods ID the anchor wants next ('' = stop); null when nothing waits. */
  private wanted: string | null = null
  private sending = false
  /** Bumped when the session goes, so that a late answer for an old room is dropped. */
  private generation = 0

  constructor(private readonly host: ExplainHost) {}

  /** Anchor: show this shelf goods to every viewer. */
  show(goodsId: string): void {
    // Only goods of this room's shelf: viewers would ignore anything else anyway.
    if (!store.shelfGoods.some((g) => g.id === goodsId) || !explainValueFits(goodsId)) return
    this.request(goodsId)
  }

  /** Anchor: take the explain card away from every viewer. */
  stop(): void {
    this.request('')
  }

  /** Sends again what failed last. */
  retry(): void {
    const failed = store.explainFailure
    if (failed) this.request(failed.goodsId)
  }

  /** The session ended or the room was left: forget what was wanted, drop answers still on their way. */
  reset(): void {
    this.generation++
    this.wanted = null
    this.sending = false
  }

  private request(goodsId: string): void {
    const s = this.host.session()
    if (!s || s.role !== 'anchor') return
    store.clearExplainFailure()
    this.wanted = goodsId
    if (!this.sending) void this.drain(s)
  }

  private async drain(s: Session): Promise<void> {
    const generation = this.generation
    this.sending = true
    try {
      while (this.wanted !== null) {
        const goodsId = this.wanted
        this.wanted = null
        if (goodsId === store.explainingGoodsId) continue
        if (!s.inRoom) {
          store.explainFailed({ goodsId, code: 0, message: '还没有进入直播间' })
          return
        }
        try {
          const answer = await this.host.engine().setRoomExtraInfo(s.roomId, explainKey, encodeExplain(goodsId))
          if (generation !== this.generation) return
          if (answer.errorCode !== 0) throw answer
          store.explainUpdated(s.roomId, goodsId)
          this.host.report?.(s.roomId, goodsId)
        } catch (err) {
          if (generation !== this.generation) return
          // A newer wish made this failure moot; send that one instead.
          if (this.wanted === null) store.explainFailed(failureOf(goodsId, err))
        }
      }
    } finally {
      if (generation === this.generation) this.sending = false
    }
  }
}
