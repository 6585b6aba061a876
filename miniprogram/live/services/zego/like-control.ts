/**
 * Likes of the current session. A tap counts on screen at once (the store) and is sent with the
 * others of its second in one batch to the merchant server (POST /api/rooms/:id/likes), never
 * more than one batch per LIKES_SEND_INTERVAL_MS and never two at once. The server announces the
 * room's total to everyone through ZEGO (IMRecvCustomCommand, routed here by callback-router.ts);
 * a page that enters late reads it with GET /api/rooms/:id/likes.
 */
import { LIKES_BATCH_MAX, LIKES_SEND_INTERVAL_MS } from '../../../contract/likes-rules'
import type { LikesTotal } from '../../../contract/likes-schemas'
import { ApiError, call } from '../../../services/api'
import { systemTimer, type BatchTimer } from '../../core/list-batcher'
import { liveLikesStore as store } from '../../stores/live-likes'
import type { Session } from './session'

export type SendLikes = (roomId: string, count: number) => Promise<LikesTotal>

export const sendLikes: SendLikes = (roomId, count) =>
  // A batch sent twice after a lost answer would count twice: the next batch carries it instead.
  call<LikesTotal>('POST', `/api/rooms/${encodeURIComponent(roomId)}/likes`, { count }, { retryNetwork: false })

export const fetchLikes = (roomId: string): Promise<LikesTotal> => call<LikesTotal>('GET', `/api/rooms/${encodeURIComponent(roomId)}/likes`)

/** When batches leave; tests and the benchmark drive the timer themselves. */
export const likeSending: { intervalMs: number; timer: BatchTimer } = { intervalMs: LIKES_SEND_INTERVAL_MS, timer: systemTimer }

/** Failures in a row after which waiting taps are given up. */
const MAX_FAILURES = 3

export interface LikeHost {
  session(): Session | null
  sendLikes(): SendLikes
  /** The server takes likes only while the room is live. */
  roomIsLive(): boolean
}

export class LikeControl {
  private generation = 0
  private handle: unknown = null
  private inFlight = false
  private failures = 0

  constructor(private readonly host: LikeHost) {}

  /** A live page opened a room, or left it (''): nothing waiting goes to the new one. */
  reset(roomId: string): void {
    this.generation++
    if (this.handle !== null) likeSending.timer.cancel(this.handle)
    this.handle = null
    this.inFlight = false
    this.failures = 0
    store.begin(roomId)
  }

  tap(): void {
    const s = this.host.session()
    if (!s || !this.host.roomIsLive()) return
    store.tapped()
    this.arm()
  }

  /** The room's total as the server announced it through ZEGO. */
  announced(total: number): void {
    store.totalTold(total)
  }

  /** The total so far, for a page that just entered. Best effort: the announcements follow anyway. */
  async loadTotal(s: Session, stillOpen: () => boolean): Promise<void> {
    try {
      const answer = await fetchLikes(s.roomId)
      if (stillOpen() && store.roomId === s.roomId) store.totalTold(answer.total)
    } catch {
      // Nothing to show but zero until the next announcement.
    }
  }

  private arm(): void {
    if (this.handle !== null || this.inFlight) return
    this.handle = likeSending.timer.start(() => {
      this.handle = null
      void this.send()
    }, likeSending.intervalMs)
  }

  private async send(): Promise<void> {
    const s = this.host.session()
    if (!s) return
    const count = store.takeBatch(LIKES_BATCH_MAX)
    if (count === 0) return
    const generation = this.generation
    this.inFlight = true
    try {
      const answer = await this.host.sendLikes()(s.roomId, count)
      if (generation !== this.generation) return
      this.failures = 0
      store.batchCounted(count, answer.total)
    } catch (err) {
      if (generation !== this.generation) return
      this.failures++
      // Network trouble and the rate limit pass; the room not being live any more does not.
      const passing = err instanceof ApiError && (err.kind === 'network' || err.status === 429 || err.status >= 500)
      const keep = passing && this.failures < MAX_FAILURES
      store.batchFailed(count, keep, keep ? '' : '点赞没有送达，请稍后再点')
    } finally {
      if (generation === this.generation) {
        this.inFlight = false
        // Taps made meanwhile (or kept after a failure) leave one interval after this batch.
        if (store.pending > 0) this.arm()
      }
    }
  }
}
