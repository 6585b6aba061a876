/**
 * The deployment's allowance of messages to ZEGO rooms a second, shared by everything the server
 * sends into rooms (likes announcements through SendCustomCommand, live comments through
 * SendBarrageMessage) and by every instance (counted in the shared store). ZEGO allows 100 calls
 * a second per AppID; the configured figure keeps headroom for instances whose clocks disagree
 * on where a second starts.
 */
import type { SharedStore } from '../shared-store/shared-store'

const KEY_PREFIX = 'zego:messages:'

export class ZegoMessageBudget {
  constructor(
    private readonly store: SharedStore,
    readonly perSecond: number,
    private readonly nowMs: () => number,
  ) {}

  /**
   * One message of this second's allowance, or false when it is spent. A `share` below 1 stops at
   * that part of the allowance, leaving the rest for senders that take the whole (likes keep
   * getting through while a busy live's comments use what they may).
   */
  take(share = 1): Promise<boolean> {
    const second = Math.floor(this.nowMs() / 1000)
    const limit = Math.max(1, Math.floor(this.perSecond * share))
    return this.store.takeFromBudget(`${KEY_PREFIX}${second}`, limit, 2)
  }
}
