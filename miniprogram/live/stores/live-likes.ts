/**
 * Likes of the room a live page is in. Fed by services/zego/like-control.ts; never calls wx.*.
 * The room's total comes from the server (its answer to a batch, the ZEGO announcements it sends
 * at most once a second, and the total read on entering); one's own taps count at once on top of
 * it until the server has them. What is shown never goes down: announcements may arrive out of
 * order, or include a batch whose answer is still on its way.
 */
import { makeAutoObservable } from 'mobx-miniprogram'

export class LiveLikesStore {
  roomId = ''
  /** The highest total the server has told. */
  confirmed = 0
  /** Own taps waiting for the next batch. */
  pending = 0
  /** Own taps in the batch on its way. */
  sending = 0
  /** What the room shows: never less than before. */
  total = 0
  /** Own taps this session: each one the view has not seen yet floats a heart. */
  taps = 0
  /** Why own taps could not be counted ('' when all is well). */
  failure = ''

  constructor() {
    makeAutoObservable(this, {}, { autoBind: true })
  }

  begin(roomId: string): void {
    this.roomId = roomId
    this.confirmed = 0
    this.pending = 0
    this.sending = 0
    this.total = 0
    this.taps = 0
    this.failure = ''
  }

  tapped(): void {
    this.pending += 1
    this.taps += 1
    this.show()
  }

  /** Takes up to `max` pending taps for a batch. */
  takeBatch(max: number): number {
    const count = Math.min(this.pending, max)
    this.pending -= count
    this.sending += count
    return count
  }

  batchCounted(count: number, total: number): void {
    this.sending -= count
    this.failure = ''
    this.totalTold(total)
  }

  /** `keep`: the taps go with the next batch; otherwise they are given up and `message` says why. */
  batchFailed(count: number, keep: boolean, message: string): void {
    this.sending -= count
    if (keep) this.pending += count
    else this.failure = message
  }

  totalTold(total: number): void {
    if (total > this.confirmed) this.confirmed = total
    this.show()
  }

  private show(): void {
    const now = this.confirmed + this.pending + this.sending
    if (now > this.total) this.total = now
  }
}

export const liveLikesStore = new LiveLikesStore()
